import Foundation

/// Runs independent jobs on every core, each worker with its own reusable page buffer.
enum Parallel {
    /// Calls `body` once for each index in `0..<count`, spread over the machine's cores, and returns the
    /// results in index order (so output never depends on scheduling).
    static func map<Result>(_ count: Int, _ body: @Sendable (Int, inout HTMLWriter) -> Result) -> [Result] {
        guard count > 0 else { return [] }
        let slots = Slots<Result>(count: count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var writer = HTMLWriter()
            while let index = slots.claim() {
                slots.store(body(index, &writer), at: index)
            }
        }
        return slots.results()
    }

    /// Result slots plus the counter that hands out indices, all behind one lock.
    private final class Slots<Result>: @unchecked Sendable {
        private var storage: [Result?]
        private var nextIndex = 0
        private let lock = NSLock()

        init(count: Int) {
            storage = Array(repeating: nil, count: count)
        }

        func claim() -> Int? {
            lock.withLock {
                guard nextIndex < storage.count else { return nil }
                nextIndex += 1
                return nextIndex - 1
            }
        }

        func store(_ result: Result, at index: Int) {
            lock.withLock { storage[index] = result }
        }

        /// `concurrentPerform` returns only after every worker ran out of indices, so every slot is
        /// filled; a missing result would be a bug in this type, not a result to drop.
        func results() -> [Result] {
            lock.withLock {
                storage.map { result in
                    guard let result else { preconditionFailure("Parallel.map: a job left no result") }
                    return result
                }
            }
        }
    }
}
