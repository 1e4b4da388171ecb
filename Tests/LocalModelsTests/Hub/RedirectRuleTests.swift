import Testing
import Upstream

@testable import LocalModels

@Suite struct RedirectRuleTests {
    func hop(_ url: String, token: Bool = true, redirects: Int = 0) throws -> RedirectRule.Hop {
        RedirectRule.Hop(location: try UpstreamURL(url), sendsToken: token, redirects: redirects)
    }

    func rule(_ endpoint: String) throws -> RedirectRule {
        RedirectRule(endpointOrigin: try UpstreamURL(endpoint).origin)
    }

    @Test func relativeLocationStaysOnTheOriginWithTheToken() throws {
        let next = try rule("https://huggingface.co").next(
            after: hop("https://huggingface.co/a/b/resolve/main/x.gguf"), location: "/c/b/resolve/main/x.gguf")
        #expect(next.location.absoluteString == "https://huggingface.co/c/b/resolve/main/x.gguf")
        #expect(next.sendsToken)
        #expect(next.redirects == 1)
    }

    @Test(arguments: [
        "https://cdn-lfs.hf.co/repos/ab/cd/sha?Signature=x", "http://huggingface.co:8080/x", "https://huggingface.co:8443/x",
    ])
    func tokenIsDroppedWhenTheOriginChanges(target: String) throws {
        let start = target.hasPrefix("http:") ? "http://huggingface.co" : "https://huggingface.co"
        let next = try rule(start).next(after: hop(start + "/a/b/resolve/main/x.gguf"), location: target)
        #expect(!next.sendsToken)
    }

    @Test func tokenDoesNotComeBackWhenALaterRedirectReturnsToTheHub() throws {
        let rule = try rule("https://huggingface.co")
        let cdn = try rule.next(after: hop("https://huggingface.co/a"), location: "https://cdn.example/x")
        let back = try rule.next(after: cdn, location: "https://huggingface.co/a")
        #expect(!back.sendsToken)
    }

    @Test func defaultPortSpelledOutIsTheSameOrigin() throws {
        let next = try rule("https://HuggingFace.co").next(
            after: hop("https://HuggingFace.co/a"), location: "https://huggingface.co:443/b")
        #expect(next.sendsToken)
    }

    @Test func downgradeToPlainHTTPIsRefusedWithoutEchoingTheQuery() throws {
        #expect {
            try rule("https://huggingface.co").next(
                after: hop("https://huggingface.co/a"), location: "http://cdn.example/x?Signature=s3cret")
        } throws: { error in
            let error = error as? DownloadError
            return error?.code == .invalidResponse && error?.message.contains("s3cret") == false
        }
    }

    @Test func sixthRedirectIsRefused() throws {
        let rule = try rule("http://a.example")
        _ = try rule.next(after: hop("http://a.example/", redirects: 4), location: "/b")
        #expect(throws: DownloadError.self) { try rule.next(after: hop("http://a.example/", redirects: 5), location: "/b") }
    }

    @Test(arguments: [nil, "", "ftp://x.example/file", "http://user:pw@x.example/file"])
    func unusableLocationsAreInvalidResponses(location: String?) throws {
        #expect(throws: DownloadError.self) {
            try rule("http://a.example").next(after: hop("http://a.example/"), location: location)
        }
    }
}
