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

    /// The normalised form of `text`. Normalising never joins or splits across ASCII whitespace, so
    /// the text goes a word at a time: ASCII words, and words whose only other characters are common
    /// punctuation (curly quotes, dashes, the ellipsis), skip Foundation's Unicode normalisation.
    static func normalize(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var start = 0
        while start < bytes.count {
            var end = start
            var simple = true
            while end < bytes.count, !isSpace(bytes[end]) {
                if bytes[end] >= 0x80 {
                    // E2 80 93/94 dashes, 98/99/9C/9D quotes: no decomposition. E2 80 A6 `…` becomes `...`.
                    if bytes[end] == 0xE2, end + 2 < bytes.count, bytes[end + 1] == 0x80,
                        [0x93, 0x94, 0x98, 0x99, 0x9C, 0x9D, 0xA6].contains(bytes[end + 2])
                    {
                        end += 3
                        continue
                    }
                    simple = false
                }
                end += 1
            }
            if simple {
                var index = start
                while index < end {
                    let byte = bytes[index]
                    if byte == 0xE2 {
                        if bytes[index + 2] == 0xA6 {
                            result += [0x2E, 0x2E, 0x2E]
                        } else {
                            result += bytes[index..<index + 3]
                        }
                        index += 3
                        continue
                    }
                    result.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                    index += 1
                }
            } else {
                result += Array(unicodeNormalized(String(decoding: bytes[start..<end], as: UTF8.self)).utf8)
            }
            if end < bytes.count { result.append(bytes[end]) }
            start = end + 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    /// Lower-cased before and after decomposing: some compatibility forms decompose to capitals (`Ⅻ`, `℡`).
    private static func unicodeNormalized(_ text: String) -> String {
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
        // General Punctuation (quotes, dashes, spaces) holds no letters or digits: skip the lookup.
        if scalar.value >= 0x2000 && scalar.value <= 0x206F { return false }
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
    /// ``maxTermBytes`` are left out; a token may then have no words). Works on the UTF-8 bytes:
    /// ASCII is classified by table, other characters by their Unicode category.
    static func forEachToken(_ normalized: String, _ body: ([String], String?) -> Void) {
        let bytes = Array(normalized.utf8)
        let count = bytes.count
        // Kind of the character starting at `index` (0 other, 1 word, 2 joiner) and its length in bytes.
        func kind(at index: Int) -> (UInt8, Int) {
            let byte = bytes[index]
            if byte < 0x80 { return (asciiKinds[Int(byte)], 1) }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            var value = UInt32(byte) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
            var next = index + 1
            while next < min(index + length, count) {
                value = value << 6 | UInt32(bytes[next] & 0x3F)
                next += 1
            }
            guard let scalar = Unicode.Scalar(value) else { return (0, max(1, next - index)) }
            return (isWordScalar(scalar) ? 1 : 0, max(1, next - index))
        }
        var words: [String] = []
        var index = 0
        while index < count {
            var (current, length) = kind(at: index)
            guard current == 1 || bytes[index] == UInt8(ascii: "_") else {
                index += length
                continue
            }
            // A run of words and joiners; joiners at its end are trimmed (and at its start, other than `_`).
            let start = index
            var lastWordEnd = -1
            var wordCount = 0
            var wordStart = -1
            words.removeAll(keepingCapacity: true)
            while index < count {
                if current == 1 {
                    if wordStart < 0 { wordStart = index }
                    lastWordEnd = index + length
                } else if current == 2 {
                    if wordStart >= 0 {
                        wordCount += 1
                        if index - wordStart <= maxTermBytes { words.append(String(decoding: bytes[wordStart..<index], as: UTF8.self)) }
                        wordStart = -1
                    }
                } else {
                    break
                }
                index += length
                if index < count { (current, length) = kind(at: index) }
            }
            if wordStart >= 0 {
                wordCount += 1
                if lastWordEnd - wordStart <= maxTermBytes { words.append(String(decoding: bytes[wordStart..<lastWordEnd], as: UTF8.self)) }
            }
            guard lastWordEnd > start else { continue }
            let wholeLength = lastWordEnd - start
            let isCompound = wordCount > 1 || wholeLength != (words.first?.utf8.count ?? -1)
            body(words, isCompound && wholeLength <= maxTermBytes ? String(decoding: bytes[start..<lastWordEnd], as: UTF8.self) : nil)
        }
    }

    /// 1 for ASCII letters and digits, 2 for joiners, 0 for the rest.
    private static let asciiKinds: [UInt8] = (0..<128).map { code in
        let scalar = Unicode.Scalar(UInt8(code))
        return isWordScalar(scalar) ? 1 : isJoiner(scalar) ? 2 : 0
    }
}
