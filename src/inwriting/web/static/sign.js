// Sign an approval or a submission in this browser with the member's own key file.
//
// The key file (`inwriting keys generate`: PRIVATE+KEY+<name>+<key id>+base64(0x01 ‖ seed))
// is read here and never leaves the page: only the signature file is sent, in the form's
// `signature` field. WebCrypto Ed25519 does the signing; where a browser lacks it, the form
// says so and the member uploads a signature file made with `inwriting sign` instead.
// Formats: docs/record.md §8.
(function () {
  "use strict";
  const PKCS8_ED25519 = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65,
    0x70, 0x04, 0x22, 0x04, 0x20];

  function bytes(b64) {
    const text = atob(b64);
    return Uint8Array.from(text, (c) => c.charCodeAt(0));
  }

  function base64(data) {
    let text = "";
    for (const b of new Uint8Array(data)) text += String.fromCharCode(b);
    return btoa(text);
  }

  function fromUrl(b64url) {
    const padded = b64url.replace(/-/g, "+").replace(/_/g, "/");
    return bytes(padded + "=".repeat((4 - (padded.length % 4)) % 4));
  }

  function parseKey(text) {
    const split = text.trim().split("+");  // base64 may hold "+" too: four splits only
    const parts = [...split.slice(0, 4), split.slice(4).join("+")];
    if (split.length < 5 || parts[0] !== "PRIVATE" || parts[1] !== "KEY") {
      throw new Error("not a key file made by `inwriting keys generate`");
    }
    const raw = bytes(parts[4]);
    if (raw.length !== 33 || raw[0] !== 0x01) throw new Error("not an Ed25519 key file");
    return { name: parts[2], keyId: parts[3].toLowerCase(), seed: raw.slice(1) };
  }

  async function signatureFile(statement, keyText) {
    const key = parseKey(keyText);
    const der = new Uint8Array(PKCS8_ED25519.length + 32);
    der.set(PKCS8_ED25519);
    der.set(key.seed, PKCS8_ED25519.length);
    const secret = await crypto.subtle.importKey("pkcs8", der, { name: "Ed25519" }, true, ["sign"]);
    const jwk = await crypto.subtle.exportKey("jwk", secret);
    const publicKey = fromUrl(jwk.x);
    const message = new TextEncoder().encode(statement);
    const signature = new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, secret, message));
    const line = new Uint8Array(4 + 64);
    for (let i = 0; i < 4; i++) line[i] = parseInt(key.keyId.slice(2 * i, 2 * i + 2), 16);
    line.set(signature, 4);
    const vkey = `${key.name}+${key.keyId}+${base64(Uint8Array.of(0x01, ...publicKey))}`;
    return `inwriting/signature/v1\nkey ${vkey}\n\n${statement}\n\u2014 ${key.name} ${base64(line)}\n`;
  }

  async function ed25519Available() {
    if (!window.isSecureContext || !window.crypto || !crypto.subtle) return false;
    try {
      await crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign"]);
      return true;
    } catch (error) {
      return false;
    }
  }

  async function setUp() {
    const forms = document.querySelectorAll("form[data-statement]");
    if (!forms.length) return;
    const available = await ed25519Available();
    for (const form of forms) {
      const input = form.querySelector("[data-sign-key]");
      const field = form.querySelector("[data-signature]");
      const status = form.querySelector("[data-sign-status]");
      if (!available) {
        input.closest("label").hidden = true;
        status.textContent = "This browser cannot sign with Ed25519: sign the statement with " +
          "`inwriting sign` and upload the signature file.";
        continue;
      }
      input.addEventListener("change", async () => {
        field.value = "";
        const file = input.files && input.files[0];
        if (!file) return;
        try {
          field.value = await signatureFile(form.dataset.statement, await file.text());
          status.textContent = `Signed with the key ${parseKey(await file.text()).name}; ` +
            "the key itself stays on this computer.";
        } catch (error) {
          status.textContent = `Not signed: ${error.message}`;
        }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", setUp);
})();
