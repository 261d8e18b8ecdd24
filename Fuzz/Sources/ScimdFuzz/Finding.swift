import Foundation

/// Ends the run on a finding, so libFuzzer saves the input as a crash artifact and prints the stack.
enum Finding {
    /// Reports `message` unless it is an instance of a known issue the run was told to tolerate.
    static func report(_ message: @autoclosure () -> String, known issue: KnownIssue? = nil, input: String? = nil) {
        if let issue, KnownIssue.tolerated.contains(issue) {
            KnownIssue.count(issue)
            return
        }
        var text = "FINDING [\(FuzzTarget.current?.name ?? "?")]"
        if let issue { text += " (known issue \(issue.rawValue), not tolerated in this run)" }
        text += ": \(message())"
        if let input { text += "\n  input: \(InputDisplay.quoted(input))" }
        FileHandle.standardError.write(Data((text + "\n").utf8))
        fatalError("fuzz finding")
    }
}
