import Testing
import Yams

@testable import DocgenCore

/// docgen parses YAML without Yams' implicit tag rules and asks Yams' readers only when they might
/// accept a scalar (`YAMLReader`); every value it reads must be what asking them all, in order, gave
/// with Yams' default rules.
@Suite struct YAMLResolutionTests {
    /// The reading before those shortcuts: null words, then Yams' bool, int and float readers.
    private static func referenceValue(of node: Node) -> MetadataValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if scalar.string == "~" || scalar.string == "null" || scalar.string.isEmpty { return .null }
                if let bool = node.bool { return .bool(bool) }
                if let int = node.int { return .int(int) }
                if let double = node.float { return .double(double) }
            }
            return .string(scalar.string)
        case .sequence(let sequence):
            return .list(sequence.map(referenceValue(of:)))
        case .mapping(let mapping):
            var map: [String: MetadataValue] = [:]
            for (key, item) in mapping { map[key.string ?? ""] = referenceValue(of: item) }
            return .map(map)
        case .alias:
            return .null
        }
    }

    /// What docgen reads of `yaml` (as text, so NaN equals NaN), or "invalid".
    private func docgenReading(_ yaml: String) -> String {
        do {
            let node = try YAMLReader.parse(yaml, path: "x.yml", firstLine: 1, stage: .frontMatter, byteLimit: 64 * 1024, what: "the file")
            return node.map { String(describing: YAMLReader.value(of: $0)) } ?? "empty"
        } catch {
            return "invalid"
        }
    }

    /// The same, from a node Yams resolved with its default rules.
    private func referenceReading(_ yaml: String) -> String {
        do {
            let node = try Yams.compose(yaml: yaml, .default, .default, .utf8)
            return node.map { String(describing: Self.referenceValue(of: $0)) } ?? "empty"
        } catch {
            return "invalid"
        }
    }

    static let scalars: [String] = [
        // Booleans in every case, and near misses.
        "yes", "Yes", "YES", "yEs", "no", "No", "NO", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "y", "n", "Y", "N",
        // Nulls.
        "~", "null", "Null", "NULL", "nUll", "",
        // Integers: decimal, signed, underscores, binary, octal, hexadecimal, sexagesimal.
        "0", "7", "-7", "+7", "1_000", "0b101", "-0b1_01", "0o17", "017", "0x1F", "0x_1f", "190:20:30", "-1:30", "08", "0b2",
        // Numbers.
        "1.5", "-1.5e3", "1e3", ".5", "6.8523015e+5", "190:20:30.15", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "1.", "1__2.3_",
        // Timestamps, merge keys and the rest of the default rules.
        "2013-05-29", "2013-5-9 1:02:03", "2013-05-29T12:00:00Z", "2001-12-14t21:59:43.10-05:00", "<<", "=",
        // What Swift's number parsing takes besides digits, underscores Yams drops, and near misses.
        "inf", "Infinity", "-infinity", "nan", "NaN", "nan(1)", "snan", "SNaN", "_1", "__2_", "_inf", "_x", "_", "0x1p3", "1e", "x1", "In use",
        "No way",
        "n/a", "é1", "٣", "１",
        // Text, and text that is not YAML on its own.
        "Lync Server 2013", "Page 0", "Synthetic page 0.", "@msn.com", "A: B", "1.2.3", "0x", "-", "+", "e3",
    ]

    @Test(arguments: scalars)
    func aScalarReadsAsWithYamsDefaultRules(_ scalar: String) {
        let documents = [
            "key: \(scalar)\n", "- \(scalar)\n", "key: [\(scalar), x]\n", "key: '\(scalar)'\n", "key: \"\(scalar)\"\n",
            "key: !!str \(scalar)\n", "key: !!bool \(scalar)\n", "key: !!int \(scalar)\n", "\(scalar): value\n",
        ]
        for yaml in documents {
            #expect(docgenReading(yaml) == referenceReading(yaml), "\(yaml)")
        }
    }

    /// Random plain scalars over the characters the number and boolean readers care about.
    @Test func randomScalarsReadAsWithYamsDefaultRules() {
        let pieces = [
            "_", "0", "7", ".", "-", "+", ":", "e", "x", "b", "o", "i", "n", "f", "I", "N", "a", "t", "y", "s", "S", "q", "1_0", "inf", "nan", "é",
            " ",
        ]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let scalar = (0..<Int.random(in: 1...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let yaml = "key: \(scalar)\n"
            #expect(docgenReading(yaml) == referenceReading(yaml), "\(yaml)")
        }
    }

    @Test func keysAreFoundByTheirText() throws {
        let source = try PageSource.parse("---\ntitle: T\n'order': 2\n\"draft\": yes\n---\n", path: "p.md")
        #expect(source.frontMatter.title == "T")
        #expect(source.frontMatter.order == 2)
        #expect(source.frontMatter.isDraft)
        let settings = try SiteSettings.parse("title: T\nraw-html: On\n", path: "site.yml")
        #expect(settings.allowsRawHTML)
    }

    /// Without type rules, `1` and `'1'` are one key written twice, which YAML reports.
    @Test func aKeyWrittenTwiceInTwoSpellingsIsAnError() {
        #expect(docgenReading("1: a\n'1': b\n") == "invalid")
        #expect(docgenReading("title: a\n\"title\": b\n") == "invalid")
    }
}
