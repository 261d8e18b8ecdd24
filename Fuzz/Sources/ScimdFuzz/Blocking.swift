import Dispatch

/// Runs async store calls from libFuzzer's synchronous callback: the body runs as a task on the
/// cooperative pool while the fuzzing thread (never one of the pool's) waits for it.
enum Blocking {
    private final class Box<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }

    static func run<T>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        // The semaphore orders the task's write before this read, so the result is always there.
        guard let result = box.result else { fatalError("Blocking.run: the task ended without a result") }
        return try result.get()
    }
}
