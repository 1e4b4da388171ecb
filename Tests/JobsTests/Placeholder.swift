import Testing

@Suite struct JobsPlaceholderTests {
    @Test func builds() {}
}
