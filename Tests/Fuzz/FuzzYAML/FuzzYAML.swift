// libFuzzer target: front matter, site settings and the anchor scanner that guards Yams.
import Yams

@testable import DocgenCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? PageSource.parse("---\n" + text + "\n---\nBody.\n", path: "page.md")
    _ = try? SiteSettings.parse(text, path: "site.yml")
    // The scanner must never miss what Yams would treat as an anchor or alias.
    if text.utf8.count <= YAMLReader.settingsByteLimit, YAMLAnchorScanner.firstAnchorOrAlias(in: text) == nil,
        let parser = try? Parser(yaml: text, resolver: .default, constructor: .default, encoding: .utf8)
    {
        withExtendedLifetime(parser) {
            while let root = try? parser.nextRoot() {
                if let missed = firstAnchored(root) { fatalError("anchor scanner missed an anchor or alias at \(missed)") }
            }
        }
    }
    return 0
}

/// The position of the first anchored node or alias in document order, walking no further.
private func firstAnchored(_ node: Node) -> String? {
    switch node {
    case .alias(let alias): return "\(alias.mark.map { "\($0.line):\($0.column)" } ?? "?")"
    case .scalar(let scalar): return scalar.anchor == nil ? nil : "\(scalar.mark.map { "\($0.line):\($0.column)" } ?? "?")"
    case .sequence(let sequence):
        if sequence.anchor != nil { return "\(sequence.mark.map { "\($0.line):\($0.column)" } ?? "?")" }
        for item in sequence { if let found = firstAnchored(item) { return found } }
        return nil
    case .mapping(let mapping):
        if mapping.anchor != nil { return "\(mapping.mark.map { "\($0.line):\($0.column)" } ?? "?")" }
        for (key, value) in mapping {
            if let found = firstAnchored(key) ?? firstAnchored(value) { return found }
        }
        return nil
    }
}
