import Testing

@testable import Upstream

@Suite struct RedirectPolicyTests {
    let policy = RedirectPolicy(maxRedirects: 5)
    let credentials = UpstreamRequest.defaultCredentialHeaders

    func hop(_ url: String, method: UpstreamRequest.Method = .get, body: [UInt8]? = nil, redirects: Int = 0) throws
        -> RedirectPolicy.Hop
    {
        RedirectPolicy.Hop(
            url: try UpstreamURL(url), method: method, body: body,
            headers: [
                "Authorization": "Bearer k", "api-key": "k", "Accept": "application/json",
                "Content-Type": "application/json",
            ],
            redirects: redirects)
    }

    @Test func relativeLocationResolvesAgainstTheCurrentURL() throws {
        let next = try policy.next(
            after: hop("https://api.example.com/v1/models?x=1"), status: 302, location: "../v2/list",
            credentialHeaders: credentials)
        #expect(next?.url.absoluteString == "https://api.example.com/v2/list")
        #expect(next?.redirects == 1)
        #expect(next?.headers["authorization"] == "Bearer k")
    }

    @Test func notARedirectWithoutLocationOrWithAnotherStatus() throws {
        #expect(try policy.next(after: hop("http://a/"), status: 302, location: nil, credentialHeaders: credentials) == nil)
        #expect(try policy.next(after: hop("http://a/"), status: 304, location: "/b", credentialHeaders: credentials) == nil)
        #expect(try policy.next(after: hop("http://a/"), status: 200, location: "/b", credentialHeaders: credentials) == nil)
    }

    @Test(arguments: [
        "https://other.example.com/v1/models", "http://api.example.com:8080/v1/models",
        "https://api.example.com:8443/v1/models",
    ])
    func credentialsDroppedWhenTheOriginChanges(target: String) throws {
        let start = target.hasPrefix("http:") ? "http://api.example.com/v1" : "https://api.example.com/v1"
        let next = try #require(try policy.next(after: hop(start), status: 307, location: target, credentialHeaders: credentials))
        #expect(next.headers["authorization"] == nil)
        #expect(next.headers["api-key"] == nil)
        #expect(next.headers["accept"] == "application/json")
    }

    @Test func credentialsKeptOnTheSameOriginIncludingTheDefaultPortSpelledOut() throws {
        let next = try policy.next(
            after: hop("https://API.example.com/v1"), status: 308, location: "https://api.example.com:443/v2",
            credentialHeaders: credentials)
        #expect(next?.headers["authorization"] == "Bearer k")
    }

    @Test func httpsToHTTPIsRefusedWithoutQueryOrUserinfoInTheError() throws {
        #expect(throws: UpstreamError.insecureRedirect(from: "https://a.example/v1", to: "http://a.example/v1")) {
            try policy.next(
                after: hop("https://a.example/v1?key=s3cret"), status: 301, location: "http://a.example/v1?key=s3cret",
                credentialHeaders: credentials)
        }
    }

    @Test func httpToHTTPSIsFollowed() throws {
        let next = try policy.next(
            after: hop("http://a.example/"), status: 301, location: "https://a.example/", credentialHeaders: credentials)
        #expect(next?.url.isSecure == true)
    }

    @Test func the6thRedirectIsRefused() throws {
        #expect(try policy.next(after: hop("http://a/", redirects: 4), status: 302, location: "/b", credentialHeaders: credentials) != nil)
        #expect(throws: UpstreamError.tooManyRedirects) {
            try policy.next(after: hop("http://a/", redirects: 5), status: 302, location: "/b", credentialHeaders: credentials)
        }
    }

    @Test func seeOtherTurnsAnyMethodIntoAGetWithoutBody() throws {
        let next = try #require(
            try policy.next(after: hop("http://a/", method: .put, body: [1]), status: 303, location: "/b", credentialHeaders: credentials))
        #expect(next.method == .get)
        #expect(next.body == nil)
        #expect(next.headers["content-type"] == nil)
    }

    @Test(arguments: [301, 302])
    func movedOrFoundTurnsAPostIntoAGet(status: Int) throws {
        let next = try #require(
            try policy.next(
                after: hop("http://a/", method: .post, body: [1]), status: status, location: "/b", credentialHeaders: credentials))
        #expect(next.method == .get)
        #expect(next.body == nil)
    }

    @Test(arguments: [307, 308])
    func temporaryAndPermanentRedirectsKeepMethodAndBody(status: Int) throws {
        let next = try #require(
            try policy.next(
                after: hop("http://a/", method: .post, body: [1]), status: status, location: "/b", credentialHeaders: credentials))
        #expect(next.method == .post)
        #expect(next.body == [1])
    }

    @Test func aLocationThatIsNotHTTPIsInvalid() throws {
        #expect(throws: UpstreamError.invalidURL("file:///etc/passwd")) {
            try policy.next(after: hop("http://a/"), status: 302, location: "file:///etc/passwd", credentialHeaders: credentials)
        }
    }

    @Test func urlsWithUserinfoAreRefused() {
        #expect(throws: UpstreamError.invalidURL("http://a.example/")) { try UpstreamURL("http://user:pw@a.example/") }
    }
}
