import Foundation
import Provisioning
import Testing

@Suite("SendmailTransport: a sendmail command's failures become clear errors")
struct SendmailTransportTests {
    static func message(text: String = "Hello") throws -> MailMessage {
        try MailMessage(
            from: try MailAddress("scimd@example.com"), to: [try MailAddress("ann@example.com")], subject: "Test", text: text,
            html: "<p>\(text)</p>")
    }

    @Test func exitStatus75IsATemporaryFailureWithItsStderr() async throws {
        try await StubSendmail.run { stub in
            let script = try stub.write("tempfail", "#!/bin/sh\ncat > /dev/null\necho 'queue directory full' >&2\nexit 75\n", executable: true)
            let error = await #expect(throws: MailTransportError.self) {
                try await SendmailTransport(command: [script, "-t", "-i"]).send(Self.message())
            }
            #expect(error?.reason == .exited(status: 75))
            #expect(error?.isTemporary == true)
            #expect(
                error?.description
                    == "The mail command \(script) exited with status 75 (EX_TEMPFAIL, temporary failure; try again later). It said: queue directory full"
            )
        }
    }

    @Test func aConfigurationErrorIsNotTemporary() async throws {
        try await StubSendmail.run { stub in
            let script = try stub.write("config", "#!/bin/sh\necho 'no relay host' >&2\necho 'set one' >&2\nexit 78\n", executable: true)
            let error = await #expect(throws: MailTransportError.self) {
                try await SendmailTransport(command: [script]).send(Self.message())
            }
            #expect(error?.reason == .exited(status: 78))
            #expect(error?.isTemporary == false)
            #expect(error?.description.hasSuffix("(EX_CONFIG, configuration error). It said: no relay host set one") == true)
        }
    }

    @Test func aCommandThatHangsIsStoppedAtTheTimeoutWithWhatItStarted() async throws {
        try await StubSendmail.run { stub in
            // The shell starts a sleep of its own: the timeout must end that one too.
            let pidFile = stub.directory.appendingPathComponent("sleep.pid").path
            let script = try stub.write(
                "hang", "#!/bin/sh\necho 'connecting to relay' >&2\nsleep 60 &\necho $! > '\(pidFile)'\nwait\n", executable: true)
            let start = ContinuousClock.now
            let error = await #expect(throws: MailTransportError.self) {
                try await SendmailTransport(command: [script], timeout: .milliseconds(500)).send(Self.message())
            }
            let elapsed = ContinuousClock.now - start
            #expect(error?.reason == .timedOut(seconds: 0.5))
            #expect(error?.isTemporary == true)
            #expect(error?.description == "The mail command \(script) was still running after 0.5 s and was stopped. It said: connecting to relay")
            // The stub sleeps 60 s: a timeout that never fired would take that long. 30 s leaves a
            // loaded 2-core machine room (10 s was once exceeded there) and still catches it.
            #expect(elapsed < .seconds(30), "took \(elapsed); a send that waited for the command's own end takes 60 s")
            let sleepPID = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(await Self.isGone(sleepPID), "the script's sleep \(sleepPID) survived the timeout")
        }
    }

    @Test func aCancelledSendStopsTheCommand() async throws {
        try await StubSendmail.run { stub in
            let script = try stub.write("hang", "#!/bin/sh\nexec sleep 60\n", executable: true)
            let transport = try SendmailTransport(command: [script], timeout: .seconds(60))
            let message = try Self.message()
            let start = ContinuousClock.now
            let send = Task { try await transport.send(message) }
            try await Task.sleep(for: .milliseconds(300))
            send.cancel()
            let error = await #expect(throws: MailTransportError.self) { try await send.value }
            // As above: without the stop the send lasts the stub's 60 s sleep; 30 s is room for a busy machine.
            let elapsed = ContinuousClock.now - start
            #expect(elapsed < .seconds(30), "took \(elapsed); a cancellation that did not stop the command takes 60 s")
            #expect(error?.reason == .cancelled)
            #expect(error?.description == "The mail command \(script) was stopped because the delivery was cancelled.")
        }
    }

    /// Gone, or a zombie waiting for init to reap it.
    static func isGone(_ pid: String) async -> Bool {
        for _ in 0..<100 {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            // The state follows the command name in parentheses.
            if let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] == "Z" { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test func aMissingCommandCannotBeStarted() async throws {
        let error = await #expect(throws: MailTransportError.self) {
            try await SendmailTransport(command: ["/nonexistent/sbin/sendmail", "-t", "-i"]).send(Self.message())
        }
        #expect(error?.reason == .launchFailed(errno: ENOENT))
        #expect(error?.isTemporary == false)
        #expect(error?.description == "The mail command /nonexistent/sbin/sendmail could not be started: No such file or directory.")
    }

    @Test func aCommandThatIsNotExecutableCannotBeStarted() async throws {
        try await StubSendmail.run { stub in
            let path = try stub.write("plain", "#!/bin/sh\nexit 0\n", executable: false)
            let error = await #expect(throws: MailTransportError.self) {
                try await SendmailTransport(command: [path]).send(Self.message())
            }
            #expect(error?.reason == .launchFailed(errno: EACCES))
            #expect(error?.description.hasSuffix("could not be started: Permission denied.") == true)
        }
    }

    @Test func aCommandThatExitsWithoutReadingALargeMessageGivesItsStatus() async throws {
        // 1 MB cannot fit in the socket's buffer: the write fails with EPIPE, which must not
        // become a SIGPIPE that ends the test process (or the server).
        let big = try Self.message(text: String(repeating: "0123456789abcdef ", count: 60_000))
        try await StubSendmail.run { stub in
            let script = try stub.write("refuse", "#!/bin/sh\necho 'recipient refused' >&2\nexit 67\n", executable: true)
            let error = await #expect(throws: MailTransportError.self) {
                try await SendmailTransport(command: [script]).send(big)
            }
            #expect(error?.reason == .exited(status: 67))
            #expect(error?.description.contains("EX_NOUSER") == true)
        }
    }

    @Test func aCommandThatExitsZeroWithoutReadingTheMessageIsAnError() async throws {
        let big = try Self.message(text: String(repeating: "0123456789abcdef ", count: 60_000))
        try await StubSendmail.run { stub in
            let script = try stub.write("lazy", "#!/bin/sh\nexit 0\n", executable: true)
            let error = await #expect(throws: MailTransportError.self) {
                try await SendmailTransport(command: [script]).send(big)
            }
            #expect(error?.reason == .inputNotRead)
        }
    }

    @Test func aLargeMessageIsDeliveredWhole() async throws {
        let big = try Self.message(text: String(repeating: "Zoë 0123456789 ", count: 30_000))
        try await StubSendmail.run { stub in
            try await stub.transport().send(big)
            #expect(try stub.savedMessage() == big.rendered())
            #expect(try stub.parsed().part("text/plain")?.body == big.text)
        }
    }

    @Test func hangingCommandsDoNotHoldTheCooperativeThreads() async throws {
        // More hanging sends than the pool has threads: if each held a thread while waiting, the
        // ticker below could not run until the 120 s timeouts freed them. Once it has run, the
        // sends are cancelled (which stops their commands), so a passing run takes well under a
        // second. The bound is half the timeout: the whole suite shares this process's pool on a
        // loaded 2-core machine, where the ticker once needed 21 s (a 3 s bound failed), yet a
        // pool held by the sends still fails it.
        let sends = ProcessInfo.processInfo.activeProcessorCount * 2 + 2
        try await StubSendmail.run { stub in
            let script = try stub.write("hang", "#!/bin/sh\nexec sleep 600\n", executable: true)
            let transport = try SendmailTransport(command: [script], timeout: .seconds(120))
            let message = try Self.message()
            let start = ContinuousClock.now
            let tickerTook = try await withThrowingTaskGroup(of: Duration?.self) { group in
                for _ in 0..<sends {
                    group.addTask {
                        _ = try? await transport.send(message)
                        return nil
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(300))  // the sends are running by now
                    for _ in 0..<5 { try await Task.sleep(for: .milliseconds(10)) }
                    return ContinuousClock.now - start
                }
                var took: Duration?
                for try await result in group {
                    if let result {
                        took = result
                        group.cancelAll()
                    }
                }
                return took
            }
            let took = try #require(tickerTook)
            #expect(took < .seconds(60), "the ticker took \(took) while \(sends) sends waited")
            #expect(ContinuousClock.now - start < .seconds(100), "cancelling the sends stopped their commands")
        }
    }

    @Test func anEmptyCommandOrTimeoutIsRefused() {
        #expect(throws: MailError.self) { try SendmailTransport(command: []) }
        #expect(throws: MailError.self) { try SendmailTransport(command: [" "]) }
        #expect(throws: MailError.self) { try SendmailTransport(timeout: .zero) }
        #expect((try? SendmailTransport())?.command == ["/usr/sbin/sendmail", "-t", "-i"])
    }
}
