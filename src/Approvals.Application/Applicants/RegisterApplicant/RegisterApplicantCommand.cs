using Approvals.Application.Auditing;
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

/// <summary>
/// A company or project owner registers a representative who will apply through the portal. The first
/// registration of a credit code creates the organisation with this person as its member; a later one only
/// asks to join (a <see cref="MembershipRequest"/>), because the code is public. With an invitation's token
/// the person joins the inviting organisation, whose name and code come from the invitation. The answer is the
/// same whether or not the address already has an account (see <see cref="RegisterApplicantHandler"/>); where the
/// membership stands is shown once the person has signed in.
/// </summary>
public sealed record RegisterApplicantCommand(
    string OrganisationName,
    string CreditCode,
    string DisplayName,
    string Email,
    string Phone,
    string Password,
    string? InvitationToken = null) : ICommand<RegistrationReceived>
{
    /// <summary>Where the request came from, for the audit trail: set by the host, never read from the request body.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? ClientAddress { get; init; }
}

/// <summary>What a registrant is told: one message for a new account and for an address that has one already.</summary>
public sealed record RegistrationReceived(string Message)
{
    public static RegistrationReceived Answer() => new(Bilingual.Text(
        "如果该电子邮箱此前未注册，账户已开通，请用刚才设置的密码登录；如果该邮箱已注册，请用原密码登录。如果您的单位此前已由他人注册，登录后可看到加入申请的进度：须经该单位的成员或系统管理员批准，批准前您看不到该单位的任何申请。",
        "If this email address was not registered yet, your account is ready: sign in with the password you just chose. If it was registered already, sign in with its existing password. If your organisation was registered by someone else before, you will see after signing in where your request to join it stands: a member of the organisation or an administrator must approve it, and until then you see none of its applications."));
}

public sealed class RegisterApplicantValidator : AbstractValidator<RegisterApplicantCommand>
{
    public RegisterApplicantValidator()
    {
        // With an invitation the organisation is the inviting one: its name and code are not asked for.
        When(c => string.IsNullOrEmpty(c.InvitationToken), () =>
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
        });
        RuleFor(c => c.InvitationToken).MaximumLength(100)
            .WithMessage(_ => OrganisationInvitation.Unknown);
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

/// <summary>
/// Registration must not tell a stranger which addresses have accounts: an address that is taken gets the same
/// answer as a new one (and costs the same password hash), nothing is created, and the attempt goes into the audit
/// trail. Without e-mail delivery this cannot be airtight (whoever registers a free address can sign in with it
/// afterwards), but probing an address then leaves an account and audit entries behind and runs into the sign-in
/// rate limits, instead of being one free, silent question. Knowing a credit code that is registered already earns
/// a request to join, never membership.
/// </summary>
public sealed class RegisterApplicantHandler(
    ApprovalsDbContext db, UserManager<ApprovalsUser> users, IPasswordHasher<ApprovalsUser> hasher, ActorAccessor actorAccessor, TimeProvider clock)
    : ICommandHandler<RegisterApplicantCommand, RegistrationReceived>
{
    public async ValueTask<RegistrationReceived> Handle(RegisterApplicantCommand command, CancellationToken ct)
    {
        var email = command.Email.Trim();
        var now = clock.GetUtcNow();
        var user = new ApprovalsUser
        {
            Id = Guid.CreateVersion7(), UserName = email, Email = email, PhoneNumber = command.Phone,
            DisplayName = command.DisplayName.Trim(), CreatedAt = now,
        };
        // The password rules first, for a taken address too: a weak password must be refused either way.
        var refusals = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
            refusals.AddRange((await validator.ValidateAsync(users, user, command.Password)).Errors);
        if (refusals.Count > 0)
            throw new ValidationException(refusals.Select(e => new ValidationFailure(nameof(command.Password), e.Description)));

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The invitation before the address: a refused token must be refused whether or not the address is taken.
        OrganisationInvitation? invitation = null;
        if (!string.IsNullOrEmpty(command.InvitationToken))
        {
            invitation = await OrganisationInvitation.FindForUpdateAsync(db, command.InvitationToken, ct);
            var refusal = invitation is null ? OrganisationInvitation.Unknown : invitation.RefusalFor(email, now);
            if (refusal is not null) throw new ValidationException([new ValidationFailure(nameof(command.InvitationToken), refusal)]);
        }
        if (await users.FindByNameAsync(email) is not null)
        {
            await tx.RollbackAsync(ct);
            return await AnswerTakenAsync(command, email, user, ct);
        }

        Guid organisationId;
        var joins = true;
        if (invitation is not null)
            organisationId = invitation.OrganisationId;
        else if (await db.Organisations.SingleOrDefaultAsync(o => o.CreditCode == command.CreditCode, ct) is { } existing)
        {
            organisationId = existing.Id;
            joins = false;
        }
        else
        {
            var organisation = new Organisation { Id = Guid.CreateVersion7(), Name = command.OrganisationName.Trim(), CreditCode = command.CreditCode, CreatedAt = now };
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync(ct);
            organisationId = organisation.Id;
        }

        user.OrganisationId = joins ? organisationId : null;
        var created = await users.CreateAsync(user, command.Password);
        if (created.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            // Registered by someone else a moment ago: the same answer as above, and the organisation is not kept.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await AnswerTakenAsync(command, email, user, ct);
        }
        if (!created.Succeeded)
            throw new ValidationException(created.Errors.Select(e => new ValidationFailure(
                e.Code.Contains("Password", StringComparison.Ordinal) ? nameof(command.Password) : nameof(command.Email), e.Description)));
        var role = await users.AddToRoleAsync(user, Roles.Applicant);
        if (!role.Succeeded) throw new InvalidOperationException($"Could not give the applicant role: {string.Join("; ", role.Errors.Select(e => e.Description))}");

        // From here the new account acts for itself, so the audit trail names who used the invitation or asked to join.
        var registrant = actorAccessor.Current;
        actorAccessor.Current = new Actor(user.Id, email, Roles.Applicant, null, null, null, user.OrganisationId, registrant.CorrelationId);
        try
        {
            invitation?.Accept(user.Id, now);
            if (!joins)
                db.Set<MembershipRequest>().Add(new MembershipRequest
                {
                    Id = Guid.CreateVersion7(), OrganisationId = organisationId, UserId = user.Id,
                    GivenOrganisationName = command.OrganisationName.Trim(), Status = MembershipRequestStatus.Pending, RequestedAt = now,
                });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            actorAccessor.Current = registrant;
        }
        return RegistrationReceived.Answer();
    }

    private async Task<RegistrationReceived> AnswerTakenAsync(RegisterApplicantCommand command, string email, ApprovalsUser user, CancellationToken ct)
    {
        // As much work as creating the account, so the time taken does not tell either.
        hasher.HashPassword(user, command.Password);
        await AccountAttemptAudit.RecordAsync(db, AccountAttemptAudit.RegistrationOfTakenAddress, email, command.ClientAddress, null,
            actorAccessor.Current.CorrelationId, ct);
        return RegistrationReceived.Answer();
    }

    /// <summary>Says that the code is taken, and nothing about the organisation that holds it.</summary>
    public static string PendingMessage => Bilingual.Text(
        "已有单位使用该统一社会信用代码注册。您的账户已创建，加入该单位的申请须经该单位的成员或系统管理员批准；批准前您看不到该单位的任何申请。",
        "An organisation with this credit code is already registered. Your account has been created; your request to join it awaits approval by a member of the organisation or an administrator, and until then you see none of its applications.");
}
