import Testing
import Yams

@testable import DocgenCore

/// docgen parses YAML without Yams' implicit tag rules (`YAMLReader`); every value it reads must be
/// what it read with Yams' default rules.
@Suite struct YAMLResolutionTests {
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
            return node.map { String(describing: YAMLReader.value(of: $0)) } ?? "empty"
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
        // Text, and text that is not YAML on its own.
        "Lync Server 2013", "@msn.com", "A: B", "1.2.3", "0x", "-", "+", "e3",
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
