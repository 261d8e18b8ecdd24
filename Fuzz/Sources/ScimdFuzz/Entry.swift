import Foundation

// libFuzzer's entry points. libFuzzer's own `main` calls LLVMFuzzerInitialize before it reads its
// flags, which lets `scimd-fuzz TARGET [flags] [corpus...]` take the target off the command line.
// The target also goes into the environment, so the child processes of `-fork`/`-jobs` (started
// with libFuzzer's copy of the arguments, without the target name) run the same one.

private let environmentKey = "SCIMD_FUZZ_TARGET"

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>
) -> Int32 {
    // Swift's backtracer takes fatal signals before libFuzzer does and, under ASan, hangs while it
    // reads the crashed process's memory; libFuzzer's handler prints the stack and saves the input.
    // The runtime reads SWIFT_BACKTRACE at start, so the process starts again with it set.
    if getenv("SWIFT_BACKTRACE") == nil {
        setenv("SWIFT_BACKTRACE", "enable=no", 1)
        execv("/proc/self/exe", argv.pointee)
        FileHandle.standardError.write(Data("scimd-fuzz: cannot restart with SWIFT_BACKTRACE=enable=no; set it yourself\n".utf8))
        exit(2)
    }
    var chosen: FuzzTarget?
    if argc.pointee > 1, let second = argv.pointee[1], let target = FuzzTarget.named(String(cString: second)) {
        chosen = target
        // Shift the rest of the vector (it ends with a null pointer) over the target name.
        var i = 1
        while i < Int(argc.pointee) {
            argv.pointee[i] = argv.pointee[i + 1]
            i += 1
        }
        argc.pointee -= 1
    } else if let name = ProcessInfo.processInfo.environment[environmentKey] {
        chosen = FuzzTarget.named(name)
    }
    guard let target = chosen else {
        let names = FuzzTarget.all.map(\.name).joined(separator: "|")
        FileHandle.standardError.write(Data("usage: scimd-fuzz \(names) [libFuzzer flags] [corpus dirs or inputs]\n".utf8))
        exit(2)
    }
    setenv(environmentKey, target.name, 1)
    FuzzTarget.current = target
    target.prepare()
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.current?.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
