using Approvals.Domain.Organisations;

namespace Approvals.Domain.Tests.Organisations;

public sealed class CreditCodeTests
{
    [Theory]
    // Check characters worked out independently (a short script over the GB 32100-2015 weights).
    [InlineData("91140500MA0K00001U")]
    [InlineData("911100001000013305")]
    public void A_code_with_the_right_check_character_is_valid(string code) => Assert.True(CreditCode.IsValid(code));

    [Theory]
    [InlineData("91140500MA0K00001X")] // wrong check character
    [InlineData("91140500MA0K0001U")]  // 17 characters
    [InlineData("91140500MI0K00001U")] // I is not in the alphabet
    [InlineData("")]
    public void Anything_else_is_not(string code) => Assert.False(CreditCode.IsValid(code));

    [Fact]
    public void The_check_character_of_the_first_17_characters_completes_the_code() =>
        Assert.Equal('U', CreditCode.CheckCharacter("91140500MA0K00001"));
}
