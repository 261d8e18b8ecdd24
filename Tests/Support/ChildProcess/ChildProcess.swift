import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, its standard output and error collected as
/// they arrive, for tests that run the real `scimd` and `scimctl` binaries.
///
/// Foundation's `Process.run()` on Linux reads `/proc/self/fd` with a 256-byte over-read
/// (swift-corelibs-foundation PR #5472) and crashes now and then in a test process that holds
/// many descriptors — the whole suite does, with its servers and databases. This spawns
/// directly instead: descriptors above 2 are closed in the child, stdin is /dev/null.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    private let stdoutBuffer: OutputBuffer
    private let stderrBuffer: OutputBuffer
    private let exit = Mutex<Int32?>(nil)

    public struct LaunchFailed: Error, CustomStringConvertible {
        public let path: String
        public let code: Int32
        public var description: String { "could not start \(path): \(String(cString: strerror(code)))" }
    }

    private init(pid: pid_t, stdout: OutputBuffer, stderr: OutputBuffer) {
        self.pid = pid
        self.stdoutBuffer = stdout
        self.stderrBuffer = stderr
    }

    /// Starts `executable` with `arguments`; `environment` replaces the test process's own.
    /// With `mergingStandardError`, the child's stderr goes to the same buffer as stdout.
    public static func launch(
        _ executable: String, arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        mergingStandardError: Bool = false
    ) throws -> ChildProcess {
        // Pipes are made close-on-exec and the child spawned under one lock, so no other child
        // started meanwhile inherits this one's pipe ends (its reader would then wait for EOF
        // until that other child exits).
        try spawnLock.withLock { _ in try spawn(executable, arguments, environment, mergingStandardError) }
    }

    private static let spawnLock = Mutex(())

    private static func spawn(
        _ executable: String, _ arguments: [String], _ environment: [String: String], _ mergingStandardError: Bool
    ) throws -> ChildProcess {
        let out = try makePipe()
        let err = mergingStandardError ? out : try makePipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out.write, 1)
        posix_spawn_file_actions_adddup2(&actions, err.write, 2)
        // Whatever else the test process holds open stays out of the child (glibc 2.34+; Swift
        // does not import it without _GNU_SOURCE, hence the lookup).
        if let closeFrom = closeFromAction { _ = closeFrom(&actions, 3) }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(out.write)
        if !mergingStandardError { close(err.write) }
        guard code == 0 else {
            close(out.read)
            if !mergingStandardError { close(err.read) }
            throw LaunchFailed(path: executable, code: code)
        }
        let stdout = OutputBuffer(reading: out.read)
        let stderr = mergingStandardError ? OutputBuffer.empty : OutputBuffer(reading: err.read)
        return ChildProcess(pid: pid, stdout: stdout, stderr: stderr)
    }

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw LaunchFailed(path: "pipe", code: errno) }
        // Close-on-exec: no other child inherits these; dup2 in this child clears the flag on 1 and 2.
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    private static let closeFromAction: CloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    /// Everything the child wrote to stdout so far (and stderr, when merged).
    public var standardOutput: String { stdoutBuffer.text }
    public var standardError: String { stderrBuffer.text }

    /// Sends `signal` (SIGTERM by default).
    public func signal(_ signal: Int32 = SIGTERM) {
        if exitStatus == nil { kill(pid, signal) }
    }

    /// The exit code, or the signal's number when a signal ended it; nil while it runs.
    public var exitStatus: Int32? {
        exit.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
            // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import (they are macros).
            let signal = raw & 0x7f
            status = signal == 0 ? (raw >> 8) & 0xff : signal
            return status
        }
    }

    public var isRunning: Bool { exitStatus == nil }

    /// Waits until the child exits and its output is read to the end; nil if it still runs
    /// after `limit`.
    public func wait(within limit: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + limit
        while exitStatus == nil {
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
        await stdoutBuffer.waitForEnd(until: deadline)
        await stderrBuffer.waitForEnd(until: deadline)
        return exitStatus
    }

    /// Waits up to `limit` for the child to exit, then kills it; returns its status.
    public func finish(within limit: Duration) async -> Int32 {
        if let status = await wait(within: limit) { return status }
        signal(SIGKILL)
        return await wait(within: .seconds(10)) ?? SIGKILL
    }

    /// Polls the child's output until `condition` holds or `seconds` pass.
    public func waitForOutput(seconds: Double, _ condition: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition(standardOutput) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(standardOutput)
    }
}

/// A pipe's contents, read to the end by a thread of its own.
final class OutputBuffer: Sendable {
    private let state = Mutex<(bytes: [UInt8], ended: Bool)>(([], false))

    static let empty: OutputBuffer = {
        let buffer = OutputBuffer()
        buffer.state.withLock { $0.ended = true }
        return buffer
    }()

    private init() {}

    init(reading fd: Int32) {
        let thread = Thread { [self] in
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                state.withLock { $0.bytes += chunk[0..<count] }
            }
            close(fd)
            state.withLock { $0.ended = true }
        }
        thread.start()
    }

    var text: String { String(decoding: state.withLock { $0.bytes }, as: UTF8.self) }

    func waitForEnd(until deadline: ContinuousClock.Instant) async {
        while !state.withLock({ $0.ended }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
