/// Makes heading ids, by GitHub's rule, so links written for GitHub or MkDocs keep working.
///
/// The slug of a heading is its plain text lower-cased; letters, digits, combining marks, `-` and `_`
/// are kept; each space becomes `-`; every other character is dropped (nothing collapses, nothing is
/// trimmed). An empty result becomes `section`. A slug already used on the page (or reserved by the
/// theme) gets `-1`, `-2`, … appended. `## Title {#my-id}` sets the id itself.
package struct Slugger: Sendable {
    private var used: Set<String>
    /// Per base slug, the last suffix tried. Taken slugs stay taken, so the search for the next free
    /// suffix resumes there instead of starting at 1: n equal headings cost O(n) look-ups, not O(n²).
    private var lastSuffix: [String: Int] = [:]
    /// How many times `used` was consulted (for the tests that check the work stays linear).
    private(set) var lookupCount = 0

    /// - Parameter reserved: ids the page already has outside the Markdown (the theme's own).
    package init(reserved: Set<String> = []) {
        used = reserved
    }

    /// The slug of `text` without de-duplication.
    package static func slug(_ text: String) -> String {
        asciiSlug(text) ?? unicodeSlug(text)
    }

    /// The rule on Unicode scalars and their general categories; for any text.
    static func unicodeSlug(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            switch scalar.properties.generalCategory {
            case .lowercaseLetter, .uppercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber, .letterNumber,
                .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark, .connectorPunctuation:
                result.append(scalar)
            default:
                if scalar == " " { result.append("-") } else if scalar == "-" { result.append(scalar) }
            }
        }
        return result.isEmpty ? "section" : String(result)
    }

    /// The same rule for ASCII text, on its bytes (most headings); `nil` for any other text.
    private static func asciiSlug(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                bytes.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                bytes.append(byte + 32)
            case UInt8(ascii: " "):
                bytes.append(UInt8(ascii: "-"))
            case 0x80...:
                return nil
            default:
                continue
            }
        }
        return bytes.isEmpty ? "section" : String(decoding: bytes, as: UTF8.self)
    }

    /// The id of `heading`: its `{#id}` if it gives one, else its slug; unique on the page.
    mutating func uniqueID(for heading: MarkdownHeading) -> String {
        heading.customID.map { uniqueSlug(base: $0) } ?? uniqueSlug(for: heading.text)
    }

    /// A slug for `text` not yet used on this page; it is then marked as used.
    package mutating func uniqueSlug(for text: String) -> String {
        uniqueSlug(base: Slugger.slug(text))
    }

    private mutating func uniqueSlug(base: String) -> String {
        var candidate = base
        var suffix = lastSuffix[base] ?? 0
        if suffix > 0 { candidate = "\(base)-\(suffix)" }
        lookupCount += 1
        while used.contains(candidate) {
            suffix += 1
            candidate = "\(base)-\(suffix)"
            lookupCount += 1
        }
        lastSuffix[base] = suffix
        used.insert(candidate)
        return candidate
    }
}
