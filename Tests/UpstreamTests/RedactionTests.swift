import Testing
import Upstream

@Suite struct RedactionTests {
    let key = "sk-proj-Abc123Def456Ghi789"

    @Test func theKeyItselfIsRemoved() {
        #expect(Redaction.clean("bad key \(key)!", secret: key) == "bad key [redacted]!")
    }

    @Test func maskedEchoesAreRemovedKeepingThePunctuation() {
        let text = "Incorrect API key provided: sk-proj-********************i789. You can find your API key at …"
        #expect(Redaction.clean(text, secret: key) == "Incorrect API key provided: [redacted]. You can find your API key at …")
    }

    @Test func wordsSharingTheKeysEndsAreRemoved() {
        #expect(Redaction.clean("key sk-pro…Ghi789 rejected", secret: key) == "key [redacted] rejected")
        #expect(Redaction.clean("key XXXXXXXXi789 rejected", secret: key) == "key [redacted] rejected")
    }

    @Test func ordinaryTextIsLeftAloneAndLongTextShortened() {
        #expect(Redaction.clean("Rate limit reached for requests.", secret: key) == "Rate limit reached for requests.")
        let long = String(repeating: "word ", count: 100)
        #expect(Redaction.clean(long, secret: nil).count == Redaction.maxLength)
        #expect(Redaction.clean(long, secret: nil, maxLength: 300).count == 300)
        #expect(Redaction.clean(long, secret: nil, maxLength: 300).hasSuffix("…"))
    }
}
