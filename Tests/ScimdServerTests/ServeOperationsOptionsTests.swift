import Foundation
import Provisioning
import Testing

@testable import ScimdServer

/// `scimd serve`'s operations and notification options: flag over variable, and a clear
/// refusal for every bad value (`OperationsOptions`, `NotificationOptions`).
@Suite("scimd serve: log, metrics, proxy, rate-limit and mail options")
struct ServeOperationsOptionsTests {
    @Test("variables set each option and a flag wins over its variable")
    func flagsAndVariables() throws {
        let environment = [
            "SCIMD_LOG_FORMAT": "json", "SCIMD_METRICS_TOKEN": "variable-token-0123456789", "SCIMD_TRUSTED_PROXY": "10.0.0.0/8",
            "SCIMD_RATE_LIMIT": "50", "SCIMD_RATE_BURST": "60", "SCIMD_MAIL_COMMAND": "/usr/bin/msmtp -t -i",
            "SCIMD_MAIL_FROM": "IT <it@example.com>", "SCIMD_DURABILITY": "full",
        ]
        let fromVariables = try ServeCommand.parse([]).resolvedConfiguration(environment: environment)
        #expect(fromVariables.logFormat == .json && fromVariables.metricsToken == "variable-token-0123456789")
        #expect(fromVariables.trustedProxies == [IPNetwork("10.0.0.0/8")!])
        #expect(fromVariables.defaultRateLimit == 50 && fromVariables.defaultRateBurst == 60)
        #expect(fromVariables.durability == .full)
        #expect(fromVariables.mailCommand == ["/usr/bin/msmtp", "-t", "-i"] && fromVariables.mailFrom?.address == "it@example.com")
        let flags = try ServeCommand.parse([
            "--log-format", "text", "--metrics-token", "flag-token-0123456789ab", "--trusted-proxy", "127.0.0.1,::1",
            "--rate-limit", "70", "--mail-from", "ops@example.com", "--durability", "normal",
        ]).resolvedConfiguration(environment: environment)
        #expect(flags.durability == .normal)
        #expect(flags.logFormat == .text && flags.metricsToken == "flag-token-0123456789ab")
        #expect(flags.trustedProxies.count == 2 && flags.trustedProxies[1].contains("::1"))
        #expect(flags.defaultRateLimit == 70 && flags.defaultRateBurst == 60 && flags.mailFrom?.address == "ops@example.com")
        let none = try ServeCommand.parse([]).resolvedConfiguration(environment: [:])
        #expect(none.logFormat == .text && none.metricsToken == nil && none.trustedProxies.isEmpty && none.defaultRateLimit == nil)
        #expect(none.mailCommand == ["/usr/sbin/sendmail", "-t", "-i"] && none.mailFrom == nil && none.durability == .normal)
    }

    @Test("bad values are refused with a sentence naming the option", arguments: [
        (["--log-format", "xml"], [:], "--log-format"),
        (["--metrics-token", "short"], [:], "--metrics-token"),
        (["--trusted-proxy", "10.0.0.0/8,banana"], [:], "banana"),
        (["--rate-limit", "0"], [:], "--rate-limit"),
        ([], ["SCIMD_RATE_BURST": "many"], "SCIMD_RATE_BURST"),
        (["--mail-from", "not an address"], [:], "--mail-from"),
        (["--mail-command", "   "], [:], "--mail-command"),
        ([], ["SCIMD_TRUSTED_PROXY": "10.0.0.0/40"], "10.0.0.0/40"),
        (["--durability", "extra"], [:], "--durability"),
    ] as [([String], [String: String], String)])
    func refused(_ arguments: [String], _ environment: [String: String], _ named: String) throws {
        do {
            _ = try ServeCommand.parse(arguments).resolvedConfiguration(environment: environment)
            Issue.record("\(arguments) \(environment) was accepted")
        } catch {
            let message = ServeCommand.message(for: error)
            #expect(message.contains(named), "\(message)")
            #expect(!message.contains("\n"), "one sentence: \(message)")
        }
    }
}
