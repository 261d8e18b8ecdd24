import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one command with bytes on its stdin and collects its exit status and stderr, without
/// ever blocking a thread: the child is started with `posix_spawn`, its stdin and stderr are
/// non-blocking descriptors polled between short `Task.sleep`s, and `waitpid(WNOHANG)` reaps
/// it. So a sendmail that hangs costs a sleeping task, not one of the cooperative pool's threads.
///
/// Foundation's `Process` is avoided for the reason Tests/Support/ChildProcess gives (it reads
/// `/proc/self/fd` with an over-read on Linux and crashes now and then in a process holding
/// many descriptors, as a server does).
enum CommandRun {
    struct Outcome: Sendable {
        /// Exit status, or nil when a signal ended the child (`signal` then says which).
        var status: Int32?
        var signal: Int32?
        var standardError: String
        /// The child closed its stdin before reading the whole input.
        var inputCut: Bool
    }

    enum Failure: Error, Sendable {
        case launch(errno: Int32)
        case timedOut(standardError: String)
        /// The task was cancelled (the server shutting down); the child was killed.
        case cancelled(standardError: String)
    }

    /// Most of a command's stderr kept for the error message; the rest is read and dropped.
    static let stderrLimit = 16 * 1024

    static func run(_ command: [String], input: [UInt8], timeout: Duration) async throws(Failure) -> Outcome {
        let deadline = ContinuousClock.now + timeout
        let child = try await spawnRetryingBusy(command)
        defer {
            close(child.input)
            close(child.error)
        }
        var written = 0
        var inputOpen = true
        var inputCut = false
        var stderr: [UInt8] = []
        var stderrOpen = true
        var exit: (status: Int32?, signal: Int32?)?
        var pause = 1
        var graceEnd: ContinuousClock.Instant?

        while true {
            var progressed = false
            if inputOpen {
                switch writeSome(child.input, input, from: written) {
                case .wrote(let count):
                    written += count
                    progressed = count > 0
                    if written == input.count {
                        // EOF on the child's stdin: sendmail -t reads to the end, then sends.
                        shutdown(child.input, Int32(SHUT_WR))
                        inputOpen = false
                    }
                case .wouldBlock: break
                case .closed:
                    inputOpen = false
                    inputCut = true
                }
            }
            if stderrOpen {
                switch readSome(child.error, into: &stderr) {
                case .read: progressed = true
                case .wouldBlock: break
                case .closed: stderrOpen = false
                }
            }
            if exit == nil { exit = reap(child.pid) }
            if let exit {
                // Whatever is still unwritten, the child can no longer read.
                if inputOpen {
                    inputOpen = false
                    inputCut = true
                }
                // After the exit, stderr is drained until EOF or a short grace: a sendmail that
                // leaves a delivery process behind holding stderr must not hold us up.
                if !stderrOpen || ContinuousClock.now >= min(deadline, exitGraceEnd(&graceEnd)) {
                    return Outcome(status: exit.status, signal: exit.signal, standardError: text(stderr), inputCut: inputCut)
                }
            } else if ContinuousClock.now >= deadline || Task.isCancelled {
                // The child got its own process group, so a shell script's children go with it.
                kill(-child.pid, SIGKILL)
                kill(child.pid, SIGKILL)
                // SIGKILL cannot be caught, so the child ends soon; a task of its own reaps it
                // (this one may be cancelled, and then its sleeps would not wait).
                if reap(child.pid) == nil {
                    let pid = child.pid
                    Task.detached {
                        while reap(pid) == nil { try? await Task.sleep(for: .milliseconds(5)) }
                    }
                }
                throw Task.isCancelled ? .cancelled(standardError: text(stderr)) : .timedOut(standardError: text(stderr))
            }
            pause = progressed ? 1 : min(pause * 2, 20)
            try? await Task.sleep(for: .milliseconds(pause))
        }
    }

    private static func exitGraceEnd(_ end: inout ContinuousClock.Instant?) -> ContinuousClock.Instant {
        if let end { return end }
        let value = ContinuousClock.now + .milliseconds(500)
        end = value
        return value
    }

    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(stderrLimit), as: UTF8.self)
    }

    // MARK: - Spawning

    private struct Child {
        var pid: pid_t
        /// Our end of the child's stdin (a socket, see `spawn`) and of its stderr pipe.
        var input: Int32
        var error: Int32
    }

    /// Descriptors are made close-on-exec and the child spawned under one lock, so a child
    /// started meanwhile by this code never inherits another's ends.
    private static let spawnLock = Mutex(())

    /// `spawn`, tried again for up to a second while exec answers ETXTBSY. A script that was
    /// just written (a deployment replacing the mail command, a test's stub) stays "busy" while
    /// any process still holds a descriptor open for writing on it, and a child another thread
    /// forked meanwhile inherits that descriptor until its own exec closes it, within
    /// milliseconds (the same race Go's os/exec retries, golang/go#22315).
    private static func spawnRetryingBusy(_ command: [String]) async throws(Failure) -> Child {
        var attempts = 0
        while true {
            do throws(Failure) {
                return try spawn(command)
            } catch {
                guard case .launch(let code) = error, code == ETXTBSY, attempts < 20 else { throw error }
                attempts += 1
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    private static func spawn(_ command: [String]) throws(Failure) -> Child {
        guard let executable = command.first, !executable.isEmpty else { throw .launch(errno: ENOENT) }
        let result: Result<Child, Failure> = spawnLock.withLock { _ in
            // stdin is one end of a socket pair rather than a pipe: writing to a socket with
            // MSG_NOSIGNAL gives EPIPE instead of a SIGPIPE that would end the whole server when
            // the command exits without reading its input.
            var pair: [Int32] = [0, 0]
            guard socketpair(AF_UNIX, socketStream, 0, &pair) == 0 else { return .failure(.launch(errno: errno)) }
            var errorPipe: [Int32] = [0, 0]
            guard pipe(&errorPipe) == 0 else {
                let code = errno
                close(pair[0])
                close(pair[1])
                return .failure(.launch(errno: code))
            }
            for fd in pair + errorPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            #if canImport(Darwin)
            var on: Int32 = 1
            setsockopt(pair[0], SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
            #endif

            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, pair[1], 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
            if let closeFrom = closeFromAction { _ = closeFrom(&actions, 3) }

            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            // Its own process group, so a timeout can end the command and whatever it started.
            posix_spawnattr_setpgroup(&attributes, 0)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))

            let argv = command.map { strdup($0) } + [nil]
            defer { for pointer in argv { free(pointer) } }
            var pid: pid_t = 0
            // A bare name is looked up in PATH, as a shell would; a path is used as it is.
            let code =
                executable.contains("/")
                ? posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
                : posix_spawnp(&pid, executable, &actions, &attributes, argv, environ)
            close(pair[1])
            close(errorPipe[1])
            guard code == 0 else {
                close(pair[0])
                close(errorPipe[0])
                return .failure(.launch(errno: code))
            }
            for fd in [pair[0], errorPipe[0]] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
            return .success(Child(pid: pid, input: pair[0], error: errorPipe[0]))
        }
        return try result.get()
    }

    #if canImport(Glibc)
    private static let socketStream = Int32(SOCK_STREAM.rawValue)
    private static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    private static let socketStream = SOCK_STREAM
    private static let noSignal: Int32 = 0
    #endif

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc 2.34+; Swift does not import it without _GNU_SOURCE, hence the lookup.
    private static let closeFromAction: CloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    // MARK: - Non-blocking I/O

    private enum WriteResult { case wrote(Int), wouldBlock, closed }
    private enum ReadResult { case read, wouldBlock, closed }

    private static func writeSome(_ fd: Int32, _ bytes: [UInt8], from offset: Int) -> WriteResult {
        let count = bytes.withUnsafeBytes { buffer in
            send(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, noSignal)
        }
        if count >= 0 { return .wrote(count) }
        switch errno {
        case EAGAIN, EWOULDBLOCK, EINTR: return .wouldBlock
        default: return .closed
        }
    }

    private static func readSome(_ fd: Int32, into bytes: inout [UInt8]) -> ReadResult {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count > 0 {
            if bytes.count < stderrLimit { bytes += chunk[0..<count] }
            return .read
        }
        if count == 0 { return .closed }
        switch errno {
        case EAGAIN, EWOULDBLOCK, EINTR: return .wouldBlock
        default: return .closed
        }
    }

    /// The exit status or signal once the child has ended; nil while it runs.
    private static func reap(_ pid: pid_t) -> (status: Int32?, signal: Int32?)? {
        var raw: Int32 = 0
        let result = waitpid(pid, &raw, WNOHANG)
        if result == 0 { return nil }
        if result < 0 { return errno == EINTR ? nil : (status: nil, signal: nil) }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import (they are macros).
        let signal = raw & 0x7f
        return signal == 0 ? (status: (raw >> 8) & 0xff, signal: nil) : (status: nil, signal: signal)
    }
}
