/// One libFuzzer target: a name for the command line, set-up run once before fuzzing, and the
/// function libFuzzer calls with each input.
struct FuzzTarget: Sendable {
    let name: String
    /// Loads fixtures before the first input, so their cost is not charged to the first input's time.
    let prepare: @Sendable () -> Void
    /// Checks one input; a finding ends the process through `Finding.report`, anything else returns.
    let run: @Sendable (UnsafeBufferPointer<UInt8>) -> Void

    static let all: [FuzzTarget] = [JSONTarget.target, FilterTarget.target, PathTarget.target, PatchTarget.target]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    /// The target chosen at start; read by the C callback, written once before fuzzing begins.
    nonisolated(unsafe) static var current: FuzzTarget?
}
