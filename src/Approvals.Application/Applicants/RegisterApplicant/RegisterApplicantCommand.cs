using Approvals.Application.Identity;
using Approvals.Application.Localization;
using Approvals.Application.Persistence;
using Approvals.Domain.Organisations;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Applicants.RegisterApplicant;

/// <summary>A company or project owner registers a representative who will apply through the portal.</summary>
public sealed record RegisterApplicantCommand(
    string OrganisationName,
    string CreditCode,
    string DisplayName,
    string Email,
    string Phone,
    string Password) : ICommand<RegisteredApplicant>;

public sealed record RegisteredApplicant(Guid UserId, Guid OrganisationId, string UserName);

public sealed class RegisterApplicantValidator : AbstractValidator<RegisterApplicantCommand>
{
    public RegisterApplicantValidator()
    {
        RuleFor(c => c.OrganisationName).NotEmpty()
            .WithMessage(_ => Bilingual.Text("请填写单位名称", "Enter the organisation's name"))
            .MaximumLength(200)
            .WithMessage(_ => Bilingual.Text("单位名称不能超过 200 个字", "The organisation's name is limited to 200 characters"));
        RuleFor(c => c.CreditCode).Must(CreditCode.HasValidShape)
            .WithMessage(_ => Bilingual.Text("统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）",
                "The unified social credit code has 18 digits or capital letters (not I, O, Z, S or V)"))
            .Must(CreditCode.IsValid).When(c => CreditCode.HasValidShape(c.CreditCode))
            .WithMessage(_ => Bilingual.Text("统一社会信用代码校验位不正确，请核对营业执照",
                "The unified social credit code's check character is wrong; compare it with the business licence"));
        RuleFor(c => c.DisplayName).NotEmpty()
            .WithMessage(_ => Bilingual.Text("请填写联系人姓名", "Enter the contact person's name"))
            .MaximumLength(128);
        RuleFor(c => c.Email).NotEmpty()
            .WithMessage(_ => Bilingual.Text("请填写电子邮箱", "Enter an email address"))
            .EmailAddress()
            .WithMessage(_ => Bilingual.Text("电子邮箱格式不正确", "This is not a valid email address"));
        RuleFor(c => c.Phone).Matches(@"^1[3-9]\d{9}$")
            .WithMessage(_ => Bilingual.Text("手机号码应为 11 位数字，以 1 开头", "The mobile number has 11 digits and starts with 1"));
        RuleFor(c => c.Password).MinimumLength(10)
            .WithMessage(_ => Bilingual.Text("密码至少 10 位", "The password needs at least 10 characters"))
            .Matches("[A-Za-z]").WithMessage(_ => Bilingual.Text("密码需包含字母", "The password needs a letter"))
            .Matches("[0-9]").WithMessage(_ => Bilingual.Text("密码需包含数字", "The password needs a digit"));
    }
}

public sealed class RegisterApplicantHandler(ApprovalsDbContext db, UserManager<ApprovalsUser> users, TimeProvider clock)
    : ICommandHandler<RegisterApplicantCommand, RegisteredApplicant>
{
    public async ValueTask<RegisteredApplicant> Handle(RegisterApplicantCommand command, CancellationToken ct)
    {
        var email = command.Email.Trim();
        if (await users.FindByNameAsync(email) is not null)
            throw new ValidationException([new ValidationFailure(nameof(command.Email),
                Bilingual.Text("该电子邮箱已注册，请直接登录", "This email address is already registered; sign in instead"))]);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.CreditCode == command.CreditCode, ct);
        if (organisation is null)
        {
            organisation = new Organisation { Id = Guid.CreateVersion7(), Name = command.OrganisationName.Trim(), CreditCode = command.CreditCode, CreatedAt = now };
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync(ct);
        }

        var user = new ApprovalsUser
        {
            Id = Guid.CreateVersion7(), UserName = email, Email = email, PhoneNumber = command.Phone,
            DisplayName = command.DisplayName.Trim(), OrganisationId = organisation.Id, CreatedAt = now,
        };
        var created = await users.CreateAsync(user, command.Password);
        if (!created.Succeeded)
            throw new ValidationException(created.Errors.Select(e => new ValidationFailure(
                e.Code.Contains("Password", StringComparison.Ordinal) ? nameof(command.Password) : nameof(command.Email), e.Description)));
        var role = await users.AddToRoleAsync(user, Roles.Applicant);
        if (!role.Succeeded) throw new InvalidOperationException($"Could not give the applicant role: {string.Join("; ", role.Errors.Select(e => e.Description))}");
        await tx.CommitAsync(ct);
        return new RegisteredApplicant(user.Id, organisation.Id, email);
    }
}
