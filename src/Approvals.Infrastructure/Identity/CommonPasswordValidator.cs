using System.Reflection;
using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Microsoft.AspNetCore.Identity;

namespace Approvals.Infrastructure.Identity;

/// <summary>
/// Refuses the passwords people choose first (CommonPasswords.txt, shipped inside this assembly): "password123",
/// "Aa123456789", "qwertyuiop1", pinyin such as "woaini1314520", names and words with the usual digits or year.
/// Length and character rules alone let all of them through. Identity runs it wherever a password is set
/// (registration, staff accounts, the demo logins), case-insensitively.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<ApprovalsUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<ApprovalsUser> manager, ApprovalsUser user, string? password) =>
        Task.FromResult(password is not null && IsCommon(password)
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "CommonPassword",
                Description = Bilingual.Text("这个密码太常见，很容易被猜中，请换一个", "This password is too common and easy to guess; choose another"),
            })
            : IdentityResult.Success);

    public static bool IsCommon(string password) => Common.Value.Contains(password.Trim());

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Approvals.Infrastructure.Identity.CommonPasswords.txt")
            ?? throw new InvalidOperationException("The list of common passwords is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#') set.Add(line);
        return set;
    }
}
