import Foundation

/// What open pages need to know: which build is being served, and what is wrong right now.
public struct ServeState: Codable, Equatable, Sendable {
    /// The id of the build being served; `nil` until a build has succeeded. A page built from another
    /// build reloads.
    public var build: String?
    /// `path:line:col: error: message` lines of the latest failed build or compile; empty when all is well.
    public var errors: [String]
    /// A short note while something is under way (docgen itself being rebuilt).
    public var notice: String?

    public init(build: String? = nil, errors: [String] = [], notice: String? = nil) {
        self.build = build
        self.errors = errors
        self.notice = notice
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings cannot fail; an empty object would only make pages ignore the message.
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// Holds the current state and pushes every change to each open page as a Server-Sent Event.
final class ReloadChannel: @unchecked Sendable {
    private let lock = NSLock()
    private var state = ServeState()
    private var subscribers: [UInt64: AsyncStream<[UInt8]>.Continuation] = [:]
    private var nextSubscriber: UInt64 = 0

    var current: ServeState {
        lock.locked { state }
    }

    /// Changes the state and tells every page; pages are told only when something changed.
    func update(_ change: (inout ServeState) -> Void) {
        let (changed, message, targets) = lock.locked {
            let before = state
            change(&state)
            return (state != before, Self.event(state), Array(subscribers.values))
        }
        guard changed else { return }
        for target in targets { target.yield(message) }
    }

    /// A new page's stream: the reconnection delay and the current state first, then every change.
    func subscribe() -> AsyncStream<[UInt8]> {
        AsyncStream(bufferingPolicy: .bufferingNewest(32)) { continuation in
            let (id, message) = lock.locked {
                nextSubscriber += 1
                subscribers[nextSubscriber] = continuation
                return (nextSubscriber, Self.event(state))
            }
            // Reconnect quickly after docgen replaced itself with a newly built binary.
            continuation.yield(Array("retry: 250\n\n".utf8) + message)
            continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        }
    }

    /// A comment line that keeps idle connections open and finds the ones whose page has gone.
    func ping() {
        let targets = lock.locked { Array(subscribers.values) }
        for target in targets { target.yield(Array(": ping\n\n".utf8)) }
    }

    /// Ends every stream, so the server can stop without waiting for open pages.
    func finishAll() {
        let targets = lock.locked {
            let all = Array(subscribers.values)
            subscribers.removeAll()
            return all
        }
        for target in targets { target.finish() }
    }

    var subscriberCount: Int {
        lock.locked { subscribers.count }
    }

    private func unsubscribe(_ id: UInt64) {
        _ = lock.locked { subscribers.removeValue(forKey: id) }
    }

    private static func event(_ state: ServeState) -> [UInt8] {
        Array("data: \(state.json)\n\n".utf8)
    }
}

extension NSLock {
    /// `withLock`, which Apple's Foundation has only from macOS 14.
    func locked<Value>(_ body: () throws -> Value) rethrows -> Value {
        lock()
        defer { unlock() }
        return try body()
    }
}
