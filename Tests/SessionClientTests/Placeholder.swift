import Testing
@Suite struct SessionClientPlaceholderTests {}
