// Compiles every contract under solidity/ with solc-js (standard JSON, optimizer on) and
// writes one hardhat-style {contractName, abi, bytecode} file per deployable contract, from
// which the Maven build generates the web3j wrappers.
// Usage: node scripts/compile.js <sourceDir> <outputDir>
"use strict";
const fs = require("fs");
const path = require("path");
const solc = require("solc");

const [sourceDir, outputDir] = process.argv.slice(2);
if (!sourceDir || !outputDir) {
  console.error("usage: node scripts/compile.js <sourceDir> <outputDir>");
  process.exit(2);
}

function listSources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listSources(full);
    return entry.name.endsWith(".sol") ? [full] : [];
  });
}

const sources = {};
for (const file of listSources(sourceDir)) {
  const key = path.relative(sourceDir, file).split(path.sep).join("/");
  sources[key] = { content: fs.readFileSync(file, "utf8") };
}

const input = {
  language: "Solidity",
  sources,
  settings: {
    // Pinned so that bytecode runs on any post-Cancun EVM. The dev chain runs this very fork
    // (`--hardfork` in ../stack, docker/anvil/Dockerfile and AnvilNode; DevChainIT checks it).
    evmVersion: "cancun",
    optimizer: { enabled: true, runs: 1000 },
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
  },
};

function findImports(importPath) {
  const candidate = path.join(__dirname, "..", "node_modules", importPath);
  if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, "utf8") };
  return { error: `not found: ${importPath}` };
}

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const problems = (output.errors || []).filter((e) => e.severity === "error");
for (const message of output.errors || []) console.error(message.formattedMessage);
if (problems.length > 0) process.exit(1);

fs.mkdirSync(outputDir, { recursive: true });
let written = 0;
for (const [file, contracts] of Object.entries(output.contracts)) {
  if (file.startsWith("@openzeppelin/")) continue;
  for (const [name, artifact] of Object.entries(contracts)) {
    const bytecode = artifact.evm.bytecode.object;
    if (!bytecode || artifact.abi.length === 0) continue; // interfaces, abstract contracts, internal libraries
    const json = { contractName: name, abi: artifact.abi, bytecode: "0x" + bytecode };
    fs.writeFileSync(path.join(outputDir, name + ".json"), JSON.stringify(json, null, 2));
    console.log(`compiled ${name}: ${bytecode.length / 2} bytes`);
    written++;
  }
}
console.log(`solc ${solc.version()}: ${written} contracts written to ${outputDir}`);
