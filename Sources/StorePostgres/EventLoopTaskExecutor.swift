import NIOCore

/// A task executor (SE-0417) that runs jobs on one NIO event loop.
///
/// A PostgreSQL transaction is a sequence of round trips on one connection, and each answer
/// is read on that connection's event loop. Run on the cooperative pool instead, every
/// statement costs two thread hand-overs (pool → loop to send, loop → pool to resume) and their
/// wake-ups, which profiling showed as most of scimd's CPU per request on PostgreSQL. Running
/// the transaction's code on the loop keeps a statement's send and its continuation on one
/// thread.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
