// Entry point only; the command lives in Scimbench.swift.
await Scimbench.start()
