import Foundation

/// CPU time (user + system) a process has used, read from `/proc/PID/stat` (Linux). Lets a
/// phase report CPU per request for the server and for scimbench itself, which stays
/// meaningful when other work shares the machine.
enum CPUTime {
    private static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// Seconds of CPU used so far by `pid` ("self" for this process); nil where /proc is missing.
    static func seconds(_ pid: String) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / ticksPerSecond
    }

    /// The summed CPU seconds of several processes (instances of one deployment); nil when
    /// there are none or one cannot be read.
    static func seconds(of pids: [String]) -> Double? {
        guard !pids.isEmpty else { return nil }
        var total = 0.0
        for pid in pids {
            guard let seconds = seconds(pid) else { return nil }
            total += seconds
        }
        return total
    }

    /// CPU seconds of `pid` and of each of its children now: a PostgreSQL postmaster and its
    /// backends, which serve scimd's pooled connections (one process per connection).
    static func secondsWithChildren(_ pid: String) -> ProcessTreeCPU? {
        guard let own = seconds(pid) else { return nil }
        var perProcess = [pid: own]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries where entry.first?.isNumber == true && parent(of: entry) == pid {
            perProcess[entry] = seconds(entry)
        }
        return ProcessTreeCPU(perProcess: perProcess)
    }

    /// The parent process id, field 4 of `/proc/PID/stat`.
    private static func parent(of pid: String) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? String(fields[1]) : nil
    }
}

/// CPU seconds per process of a process tree at one moment.
struct ProcessTreeCPU: Sendable {
    let perProcess: [String: Double]

    /// CPU the tree used between `self` and `later`: a process that started in between counts
    /// from zero; one that exited in between is missed (backends live as long as their pooled
    /// connection, so within a phase that is rare).
    func change(to later: ProcessTreeCPU) -> Double {
        later.perProcess.reduce(0) { total, entry in total + max(0, entry.value - (perProcess[entry.key] ?? 0)) }
    }
}

/// Memory figures of a process from `/proc/PID/status` (Linux).
enum ProcessMemory {
    /// Peak resident set (VmHWM) so far, in kB; nil where /proc is missing.
    static func peakKB(_ pid: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        }
        return nil
    }
}
