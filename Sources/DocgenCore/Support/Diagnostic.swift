/// Where in the input a problem is: a path and, when known, a 1-based line and column.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var column: Int?

    public init(path: String, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path`, `path:line` or `path:line:col`.
    public var description: String {
        guard let line else { return path }
        guard let column else { return "\(path):\(line)" }
        return "\(path):\(line):\(column)"
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line ?? 0, lhs.column ?? 0) < (rhs.path, rhs.line ?? 0, rhs.column ?? 0)
    }
}

/// The step of the build that found a problem.
public enum BuildStage: String, Sendable {
    case settings, scanning, reading, frontMatter = "front matter", markdown, widgets, checking, writing
}

/// What kind of problem a finding is. Options that relax checking name the categories they relax
/// (`--warn-broken-links` turns ``brokenTarget`` into warnings), so a flag can never hide a finding of
/// another kind, such as something that would load from the network.
public enum DiagnosticCategory: String, Sendable, Hashable {
    /// A link or image whose target (page, file, heading) does not exist or is not built.
    case brokenTarget = "broken-target"
    /// Something a page would load from the network.
    case networkLoad = "network-load"
    /// A URL starting with `/`, which breaks from disk and under a sub-path.
    case rootAbsoluteURL = "root-absolute-url"
    /// Everything else.
    case other
}

/// One finding: an error stops the build, a warning does not (unless the build is strict).
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// A note informs (defaults taken); a warning does not stop the build unless it is strict; an error does.
    public enum Severity: String, Sendable { case note, warning, error }

    public var severity: Severity
    public var stage: BuildStage
    public var category: DiagnosticCategory
    public var location: SourceLocation
    public var message: String

    public init(
        _ severity: Severity, _ stage: BuildStage, category: DiagnosticCategory = .other, at location: SourceLocation, _ message: String
    ) {
        self.severity = severity
        self.stage = stage
        self.category = category
        self.location = location
        self.message = message
    }

    public static func error(
        _ stage: BuildStage, category: DiagnosticCategory = .other, at location: SourceLocation, _ message: String
    ) -> Diagnostic {
        Diagnostic(.error, stage, category: category, at: location, message)
    }

    public static func note(_ stage: BuildStage, at location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.note, stage, at: location, message)
    }

    public static func warning(
        _ stage: BuildStage, category: DiagnosticCategory = .other, at location: SourceLocation, _ message: String
    ) -> Diagnostic {
        Diagnostic(.warning, stage, category: category, at: location, message)
    }

    /// `path:line:col: error: message`, the form compilers and editors understand.
    public var description: String {
        "\(location): \(severity.rawValue): \(message)"
    }
}

/// A build that stopped: every error found, in a stable order, plus the warnings seen before it.
public struct BuildFailure: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
