// Installs the pinned npm toolchain (npm ci) when node_modules is missing or older than
// package-lock.json, so that a plain `./mvnw verify` works on a fresh clone.
"use strict";
const fs = require("fs");
const path = require("path");
const { execSync } = require("child_process");

const root = path.join(__dirname, "..");
const lock = path.join(root, "package-lock.json");
const marker = path.join(root, "node_modules", ".package-lock.json");
const fresh = fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs;
if (!fresh) {
  console.log("installing the contracts toolchain: npm ci");
  execSync("npm ci --no-audit --no-fund", { cwd: root, stdio: "inherit" });
}
