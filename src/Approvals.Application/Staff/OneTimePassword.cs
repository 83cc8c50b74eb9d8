using System.Security.Cryptography;
using Approvals.Application.Identity;
using Microsoft.AspNetCore.Identity;

namespace Approvals.Application.Staff;

/// <summary>
/// A password an administrator hands to a member of staff (a new account, a reset): shown once, never stored in
/// clear, and to be changed at the next sign-in (<see cref="ApprovalsUser.MustChangePassword"/>).
/// </summary>
public static class OneTimePassword
{
    // No 0/O, 1/l/I: it is read off a screen and typed in by someone else.
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>Fourteen characters in groups of four-five-five (about 80 bits), e.g. <c>k7Qm-x3Pva-92Hde</c>.</summary>
    public static string New()
    {
        char[] chars;
        // The password rules ask for a digit and a lower-case letter; drawing again is cheaper than placing them.
        do chars = RandomNumberGenerator.GetItems<char>(Alphabet, 14);
        while (!chars.Any(char.IsDigit) || !chars.Any(char.IsLower) || !chars.Any(char.IsUpper));
        return $"{new string(chars, 0, 4)}-{new string(chars, 4, 5)}-{new string(chars, 9, 5)}";
    }

    /// <summary>Sets a fresh one-time password on the user (saved through the user manager) and returns it.</summary>
    public static async Task<string> SetAsync(UserManager<ApprovalsUser> users, ApprovalsUser user)
    {
        var password = New();
        user.MustChangePassword = true;
        if (await users.HasPasswordAsync(user)) Succeeded(await users.RemovePasswordAsync(user));
        Succeeded(await users.AddPasswordAsync(user, password));
        return password;
    }

    private static void Succeeded(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
