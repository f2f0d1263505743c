// Search, terms. In: text. Out: the normalised words the index stores and a query looks up.
// `Templates/assets/search.js` repeats these rules for what a reader types; change both together.

import Foundation

/// How text becomes search terms.
///
/// - Normalising: lower-cased, compatibility-decomposed (NFKD) and stripped of combining marks, so
///   `Zoë` and `zoe` are one term, and so are `ﬁle` and `file`.
/// - Tokenising: a word is a run of letters and digits. Runs joined by `_ - . @ ( ) / : \ +` form a
///   compound (`_sipfederationtls._tcp`, `federation.messenger.msn.com`, `Set-CsAccessEdgeConfiguration`,
///   `user(domain)@msn.com`), indexed both as its whole form and as each of its words.
enum SearchTerms {
    /// Longer words and compounds are not indexed (their words still are): they are noise, not terms.
    static let maxTermBytes = 64

    /// The normalised form of `text`; ASCII takes a fast path.
    static func normalize(_ text: String) -> String {
        var ascii = true
        for byte in text.utf8 where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            let lowered = text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            return String(decoding: lowered, as: UTF8.self)
        }
        // Lower-case before and after: some compatibility forms decompose to capitals (`Ⅻ`, `℡`).
        let decomposed = text.lowercased().decomposedStringWithCompatibilityMapping
        var scalars = String.UnicodeScalarView()
        for scalar in decomposed.unicodeScalars where !isMark(scalar) {
            scalars.append(scalar)
        }
        return String(scalars).lowercased()
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Letters and digits of any script (Unicode categories L and N).
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            let byte = UInt8(scalar.value)
            return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber, .letterNumber,
            .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Characters that join words into one compound when they sit between them.
    static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "_", "-", ".", "@", "(", ")", "/", ":", "\\", "+": return true
        default: return false
        }
    }

    /// One token: its words, and its whole form when it is a compound of more than one word.
    struct Token: Equatable {
        var words: [String]
        var compound: String?
    }

    /// Splits normalised text into tokens. Linear in the length of the text.
    static func tokens(_ normalized: String) -> [Token] {
        var result: [Token] = []
        forEachToken(normalized) { words, compound in result.append(Token(words: words, compound: compound)) }
        return result
    }

    /// Calls `body` with each token's words and, for compounds, its whole form (words over
    /// ``maxTermBytes`` are left out; a token may then have no words).
    static func forEachToken(_ normalized: String, _ body: ([String], String?) -> Void) {
        let scalars = Array(normalized.unicodeScalars)
        var index = 0
        let count = scalars.count
        while index < count {
            // A run of word scalars and joiners; leading joiners other than `_` and trailing joiners are trimmed.
            guard isWordScalar(scalars[index]) || scalars[index] == "_" else {
                index += 1
                continue
            }
            let start = index
            var end = index
            var lastWordEnd = -1
            while end < count, isWordScalar(scalars[end]) || isJoiner(scalars[end]) {
                if isWordScalar(scalars[end]) { lastWordEnd = end + 1 }
                end += 1
            }
            index = end
            guard lastWordEnd > start else { continue }
            var words: [String] = []
            var position = start
            var wordCount = 0
            while position < lastWordEnd {
                guard isWordScalar(scalars[position]) else {
                    position += 1
                    continue
                }
                let wordStart = position
                while position < lastWordEnd, isWordScalar(scalars[position]) { position += 1 }
                wordCount += 1
                let word = string(scalars[wordStart..<position])
                if word.utf8.count <= maxTermBytes { words.append(word) }
            }
            let whole = string(scalars[start..<lastWordEnd])
            let isCompound = wordCount > 1 || whole.utf8.count != (words.first?.utf8.count ?? -1)
            body(words, isCompound && whole.utf8.count <= maxTermBytes ? whole : nil)
        }
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
