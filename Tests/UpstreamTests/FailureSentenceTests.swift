import Testing
import Upstream

/// Every outbound call that gets no usable answer is told with one sentence function.
@Suite struct FailureSentenceTests {
    static let secret = "sk-live-0123456789abcdef"
    static let every: [UpstreamError] = [
        .invalidURL("ftp://x"), .dns(host: "nowhere.invalid"), .refused(host: "127.0.0.1:9"), .timeout,
        .tls("handshake with \(secret) failed"), .tooManyRedirects, .insecureRedirect(from: "https://a", to: "http://b"),
        .bodyTooLarge(limit: 65536), .connection("reset by peer after \(secret)"), .cancelled,
    ]

    @Test(arguments: every)
    func eachFailureIsOneSentenceThatNeverCarriesTheKey(error: UpstreamError) {
        let sentence = error.sentence(place: "the Hub at huggingface.co:443", timeout: .seconds(30), secret: Self.secret)
        #expect(sentence.hasSuffix("."))
        #expect(sentence.first?.isUppercase == true)
        #expect(!sentence.contains(Self.secret))
        #expect(!sentence.contains("sk-live"))
    }

    @Test func thePlaceAndTheWaitAreNamed() {
        let place = "the Ollama server at http://gpu-1:11434"
        #expect(UpstreamError.timeout.sentence(place: place, timeout: .seconds(30)).hasPrefix("No answer from \(place) within 30 s."))
        #expect(UpstreamError.timeout.sentence(place: place).contains("\(place) in time."))
        #expect(UpstreamError.tooManyRedirects.sentence(place: place).hasPrefix("The Ollama server at http://gpu-1:11434 redirected"))
        #expect(UpstreamError.refused(host: "gpu-1:11434").sentence(place: place).contains("Nothing answers at gpu-1:11434"))
        #expect(UpstreamError.dns(host: "gpu-1").sentence(place: place).contains("\"gpu-1\" could not be resolved"))
    }
}
