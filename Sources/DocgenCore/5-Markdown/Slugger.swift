/// Makes heading ids.
///
/// The slug of a heading is its plain text lower-cased; letters and digits of any script are kept;
/// spaces, hyphens and underscores become `-`; every other character is dropped; runs of `-` collapse
/// and leading or trailing ones are removed. An empty result becomes `section`. A slug already used on
/// the page (or reserved by the theme) gets `-1`, `-2`, … appended.
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
        var result = ""
        var pendingHyphen = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingHyphen && !result.isEmpty { result.append("-") }
                pendingHyphen = false
                result.append(character)
            } else if character == " " || character == "-" || character == "_" || character.isWhitespace {
                pendingHyphen = true
            }
        }
        return result.isEmpty ? "section" : result
    }

    /// A slug for `text` not yet used on this page; it is then marked as used.
    package mutating func uniqueSlug(for text: String) -> String {
        let base = Slugger.slug(text)
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
