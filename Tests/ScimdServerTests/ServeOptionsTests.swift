import Foundation
import Testing

@testable import ScimdServer

/// `scimd serve`'s connection limits: flags, `SCIMD_*` variables, defaults and refusals.
@Suite("scimd serve: timeout and connection-limit options")
struct ServeOptionsTests {
    @Test("the defaults hold when neither flag nor variable is given")
    func defaults() throws {
        let c = try ServeCommand.parse([]).resolvedConfiguration(environment: [:])
        #expect(c.headerTimeout == .seconds(10))
        #expect(c.bodyTimeout == .seconds(30))
        #expect(c.idleTimeout == .seconds(120))
        #expect(c.maxConnections == 512)
        #expect(c.shutdownTimeout == .seconds(10))
    }

    @Test("variables set each limit and a flag wins over its variable")
    func flagsAndVariables() throws {
        let environment = [
            "SCIMD_HEADER_TIMEOUT": "3", "SCIMD_BODY_TIMEOUT": "4", "SCIMD_IDLE_TIMEOUT": "5",
            "SCIMD_MAX_CONNECTIONS": "6", "SCIMD_SHUTDOWN_TIMEOUT": "7",
        ]
        let fromVariables = try ServeCommand.parse([]).resolvedConfiguration(environment: environment)
        #expect(fromVariables.headerTimeout == .seconds(3))
        #expect(fromVariables.bodyTimeout == .seconds(4))
        #expect(fromVariables.idleTimeout == .seconds(5))
        #expect(fromVariables.maxConnections == 6)
        #expect(fromVariables.shutdownTimeout == .seconds(7))
        let flags = try ServeCommand.parse([
            "--header-timeout", "13", "--body-timeout", "14", "--idle-timeout", "15", "--max-connections", "16",
            "--shutdown-timeout", "17",
        ]).resolvedConfiguration(environment: environment)
        #expect(flags.headerTimeout == .seconds(13))
        #expect(flags.bodyTimeout == .seconds(14))
        #expect(flags.idleTimeout == .seconds(15))
        #expect(flags.maxConnections == 16)
        #expect(flags.shutdownTimeout == .seconds(17))
    }

    @Test("a limit below 1 is refused, as a flag or as a variable", arguments: [
        "--header-timeout", "--body-timeout", "--idle-timeout", "--max-connections", "--shutdown-timeout",
    ])
    func refused(_ flag: String) throws {
        #expect(throws: (any Error).self) { try ServeCommand.parse([flag, "0"]) }
        let variable = "SCIMD_" + flag.dropFirst(2).uppercased().replacingOccurrences(of: "-", with: "_")
        for value in ["0", "ten", ""] {
            #expect(throws: (any Error).self, "\(variable)=\(value)") {
                try ServeCommand.parse([]).resolvedConfiguration(environment: [variable: value])
            }
        }
    }

    @Test("the help text names each variable and default")
    func help() {
        let help = ServeCommand.helpMessage()
        for text in [
            "SCIMD_HEADER_TIMEOUT). Default 10.", "SCIMD_BODY_TIMEOUT). Default 30.", "SCIMD_IDLE_TIMEOUT). Default 120.",
            "SCIMD_MAX_CONNECTIONS). Default 512.", "SCIMD_SHUTDOWN_TIMEOUT). Default 10.",
        ] {
            #expect(help.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ").contains(text), "\(text)")
        }
    }
}
