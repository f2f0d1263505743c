import Yams

/// A value from a settings file, with its position, so whoever reads it (docgen, or a widget reading
/// its own section of `site.yml`) can report a problem at the right line and column.
public struct SettingsNode: Sendable, Hashable {
    /// Where the value starts in its file.
    public let location: SourceLocation
    /// The value as plain data (what templates receive).
    public let value: MetadataValue
    /// "a string", "a list", … for messages.
    public let typeName: String
    private let scalarText: String?
    private let entries: [Entry]?
    public let items: [SettingsNode]?

    private struct Entry: Sendable, Hashable {
        var key: String
        var keyLocation: SourceLocation
        var value: SettingsNode
    }

    /// Copies what docgen and widgets read out of Yams' tree, which is not `Sendable`.
    init(_ node: Node, path: String, firstLine: Int) {
        location = YAMLReader.location(of: node, path: path, firstLine: firstLine)
        value = YAMLReader.value(of: node)
        typeName = YAMLReader.typeName(of: node)
        switch node {
        case .scalar(let scalar):
            scalarText = value == .null ? nil : scalar.string
            entries = nil
            items = nil
        case .mapping(let mapping):
            scalarText = nil
            entries = mapping.map { key, child in
                Entry(
                    key: key.string ?? "", keyLocation: YAMLReader.location(of: key, path: path, firstLine: firstLine),
                    value: SettingsNode(child, path: path, firstLine: firstLine))
            }
            items = nil
        case .sequence(let sequence):
            scalarText = nil
            entries = nil
            items = sequence.map { SettingsNode($0, path: path, firstLine: firstLine) }
        case .alias:
            scalarText = nil
            entries = nil
            items = nil
        }
    }

    /// An error pointing at this value.
    public func error(_ message: String, stage: BuildStage = .settings) -> Diagnostic {
        .error(stage, at: location, message)
    }

    /// True for a mapping (`key: value` lines).
    public var isMapping: Bool { entries != nil }

    /// The keys of a mapping, in file order; empty for other values.
    public var keys: [String] { entries?.map(\.key) ?? [] }

    /// The value under `key` of a mapping.
    public subscript(key: String) -> SettingsNode? {
        entries?.first { $0.key == key }?.value
    }

    /// Where `key` itself is written (for "unknown key" messages).
    public func keyLocation(_ key: String) -> SourceLocation? {
        entries?.first { $0.key == key }?.keyLocation
    }

    /// A scalar's text; `nil` for mappings, sequences and empty values.
    public var text: String? { scalarText }

    /// A plain `true` or `false`.
    public var bool: Bool? {
        if case .bool(let value) = value { return value }
        return nil
    }

    /// The text under `key`, or `nil` when the key is absent; an error when it is not text.
    public func string(_ key: String, stage: BuildStage = .settings) throws(Diagnostic) -> String? {
        guard let child = self[key] else { return nil }
        guard let text = child.text else { throw child.error("'\(key)' must be text, not \(child.typeName)", stage: stage) }
        return text
    }

    /// `true`/`false` under `key`, or `nil` when the key is absent; an error for anything else.
    public func bool(_ key: String, stage: BuildStage = .settings) throws(Diagnostic) -> Bool? {
        guard let child = self[key] else { return nil }
        guard let value = child.bool else { throw child.error("'\(key)' must be true or false, not \(child.typeName)", stage: stage) }
        return value
    }

    /// Reports the first key not in `known`, at the key itself.
    public func rejectUnknownKeys(_ known: Set<String>, in what: String, stage: BuildStage = .settings) throws(Diagnostic) {
        for entry in entries ?? [] where !known.contains(entry.key) {
            let key = entry.key
            let list = known.sorted().map { "'\($0)'" }.joined(separator: ", ")
            throw .error(
                stage, at: entry.keyLocation,
                "unknown key '\(key)' in \(what); \(known.isEmpty ? "it takes no settings" : "known keys: \(list)")")
        }
    }
}
