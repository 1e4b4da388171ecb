import Testing

@Suite struct DownloadsPlaceholderTests {
    @Test func builds() {}
}
