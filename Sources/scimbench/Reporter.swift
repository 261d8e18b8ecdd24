import Foundation

/// Prints phase results: a JSON line per phase as it finishes (with `--json`), error samples on
/// stderr, and an aligned table at the end.
struct Reporter: Sendable {
    let json: Bool
    let label: String?
    let concurrency: Int

    func phaseFinished(_ result: PhaseResult) {
        if json { print(jsonLine(result)) }
        for sample in result.samples {
            FileHandle.standardError.write(Data("scimbench: \(result.name): \(sample)\n".utf8))
        }
        let note = result.truncated ? " (stopped by --max-seconds)" : ""
        FileHandle.standardError.write(
            Data(
                "scimbench: \(result.name): \(result.requests) requests in \(String(format: "%.2f", result.seconds)) s, \(result.errors) errors\(note)\n"
                    .utf8))
    }

    func jsonLine(_ r: PhaseResult) -> String {
        var fields: [(String, String)] = []
        if let label { fields.append(("scale", quoted(label))) }
        fields += [
            ("phase", quoted(r.name)), ("concurrency", "\(concurrency)"), ("requests", "\(r.requests)"),
            ("errors", "\(r.errors)"), ("seconds", number(r.seconds, 3)), ("ops_per_s", number(r.opsPerSecond, 1)),
            ("p50_ms", number(r.millis(50), 3)), ("p90_ms", number(r.millis(90), 3)), ("p99_ms", number(r.millis(99), 3)),
            ("max_ms", number(r.maxMillis, 3)), ("truncated", r.truncated ? "true" : "false"),
        ]
        if let cpu = r.cpuMicros(r.serverCPU) { fields.append(("server_cpu_us", number(cpu, 1))) }
        if let cpu = r.cpuMicros(r.clientCPU) { fields.append(("client_cpu_us", number(cpu, 1))) }
        if let cpu = r.cpuMicros(r.databaseCPU) { fields.append(("database_cpu_us", number(cpu, 1))) }
        if let peak = r.serverPeakKB { fields.append(("server_peak_rss_mb", number(Double(peak) / 1024, 1))) }
        if let note = r.note { fields.append(("note", quoted(note))) }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    func printTable(_ results: [PhaseResult]) {
        let cpu = results.contains { $0.serverCPU != nil }
        let header =
            ["phase", "requests", "ops/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors"]
            + (cpu ? ["server CPU µs/req", "scimbench CPU µs/req"] : [])
        let rows = results.map { r in
            [
                r.name + (r.truncated ? "*" : ""), "\(r.requests)", number(r.opsPerSecond, 1), number(r.millis(50), 2),
                number(r.millis(90), 2), number(r.millis(99), 2), number(r.maxMillis, 2), "\(r.errors)",
            ]
                + (cpu
                    ? [r.cpuMicros(r.serverCPU).map { number($0, 0) } ?? "", r.cpuMicros(r.clientCPU).map { number($0, 0) } ?? ""]
                    : [])
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        print(line(header))
        print(line(widths.map { String(repeating: "-", count: $0) }))
        rows.forEach { print(line($0)) }
        if results.contains(where: \.truncated) { print("* stopped by --max-seconds before every request was sent") }
        for r in results { if let note = r.note { print("\(r.name): \(note)") } }
    }

    private func number(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
    private func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
