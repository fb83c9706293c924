"""Pure negotiation rules and values: provisions, positions, validation.

Nothing here touches a database, the network, the clock or the file system: time and ids
come in as arguments. That keeps the rules testable with plain values and Hypothesis.
"""
