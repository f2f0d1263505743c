import Foundation

/// Runs independent jobs on every core, each worker with its own reusable page buffer.
enum Parallel {
    /// Calls `body` once for each index in `0..<count`, spread over the machine's cores, and returns the
    /// results in index order (so output never depends on scheduling).
    static func map<Result>(_ count: Int, _ body: (Int, inout HTMLWriter) -> Result) -> [Result] {
        guard count > 0 else { return [] }
        let slots = Slots<Result>(count: count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count))
        withoutActuallyEscaping(body) { body in
            let job = UnsafeJob(body: body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                var writer = HTMLWriter()
                while let index = slots.claim() {
                    slots.store(job.body(index, &writer), at: index)
                }
            }
        }
        return slots.results()
    }

    /// Hands the non-Sendable closure to the workers; `concurrentPerform` returns before it ends.
    private struct UnsafeJob<Result>: @unchecked Sendable {
        let body: (Int, inout HTMLWriter) -> Result
    }

    /// Result slots written by one worker each, plus the counter that hands out indices.
    private final class Slots<Result>: @unchecked Sendable {
        private var storage: [Result?]
        private var nextIndex = 0
        private let lock = NSLock()
        private let storageLock = NSLock()

        init(count: Int) {
            storage = Array(repeating: nil, count: count)
        }

        func claim() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard nextIndex < storage.count else { return nil }
            nextIndex += 1
            return nextIndex - 1
        }

        func store(_ result: Result, at index: Int) {
            storageLock.lock()
            storage[index] = result
            storageLock.unlock()
        }

        /// Every slot is filled once `concurrentPerform` has returned, so nothing is dropped here.
        func results() -> [Result] {
            storage.compactMap { $0 }
        }
    }
}
