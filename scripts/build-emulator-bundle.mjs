// Writes dist/testing/call-machine-object-bundle.js after tsc (filled in by the emulator work).
