#!/usr/bin/env node
// The package's bin: Node 24 runs our TypeScript sources directly (type stripping), so there is no build step.
import "../src/cli/main.ts";
