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
