using System.Linq.Expressions;
using Approvals.Application.Identity;
using Approvals.Application.Persistence;
using Approvals.Domain.Cases;
using Approvals.Domain.Departments;
using Microsoft.EntityFrameworkCore;

namespace Approvals.Application.Tasks;

/// <summary>
/// Which tasks a person is offered, as conditions on the task's own columns: its stage, jurisdiction,
/// department and (for a correction) the applicant's organisation. The one rule of who may work a task,
/// in the forms it is needed in: an in-memory check (<see cref="Includes"/>), an EF expression
/// (<see cref="Predicate"/>), a SQL condition for the inbox's raw SQL (<see cref="Sql"/>), and, read the
/// other way, the users a task is offered to (<see cref="CandidatesOf"/>). Whether a task is still open
/// is not part of it: callers that list work add that.
/// </summary>
public sealed class TaskScope
{
    /// <summary>
    /// Who a stage is offered to. A task is offered to the holders of its stage's role at the task's jurisdiction
    /// and, for reviews and decisions, its department (acceptance belongs to the window, which has none); a
    /// correction to the members of the applicant's organisation.
    /// </summary>
    private static readonly Offer[] Offers =
    [
        new(Roles.Clerk, [TaskStage.Acceptance], OfDepartment: false, ToOrganisation: false),
        new(Roles.Reviewer, [TaskStage.Review, TaskStage.Decision], OfDepartment: true, ToOrganisation: false),
        new(Roles.Applicant, [TaskStage.Correction], OfDepartment: false, ToOrganisation: true),
    ];

    /// <summary>The stages staff work (all but the applicant's correction): what supervisors and administrators oversee.</summary>
    private static readonly TaskStage[] StaffStages = Offers.Where(o => !o.ToOrganisation).SelectMany(o => o.Stages).Order().ToArray();

    private readonly TaskStage[] _stages;
    private readonly string? _jurisdictionCode;
    private readonly bool _byDepartment;
    private readonly Department? _department;
    private readonly Guid? _organisationId;

    private TaskScope(TaskStage[] stages, string? jurisdictionCode = null, bool byDepartment = false, Department? department = null, Guid? organisationId = null)
    {
        _stages = stages;
        _jurisdictionCode = jurisdictionCode;
        _byDepartment = byDepartment;
        _department = department;
        _organisationId = organisationId;
    }

    /// <summary>No task at all.</summary>
    public static readonly TaskScope Nothing = new([]);

    public bool IsNothing => _stages.Length == 0;

    /// <summary>The role a stage's tasks are offered to: what the workflow records on the task as its candidate role.</summary>
    public static string CandidateRoleOf(TaskStage stage) => Offers.Single(o => o.Stages.Contains(stage)).Role;

    /// <summary>The tasks <paramref name="actor"/> is a candidate for: may claim, and work unless someone else holds it.</summary>
    public static TaskScope OfferedTo(Actor actor)
    {
        var offer = Offers.SingleOrDefault(o => o.Role == actor.Role);
        if (offer is null) return Nothing;
        if (offer.ToOrganisation) return actor.OrganisationId is { } organisation ? new(offer.Stages, organisationId: organisation) : Nothing;
        if (actor.JurisdictionCode is not { } code) return Nothing;
        if (!offer.OfDepartment) return new(offer.Stages, code, byDepartment: true, department: null);
        return actor.Department is { } department ? new(offer.Stages, code, byDepartment: true, department: department) : Nothing;
    }

    /// <summary>
    /// The inbox's "to do": the tasks offered to a window clerk or reviewer; for a supervisor every staff task of
    /// their own jurisdiction (a city or the province sees the cases forwarded up to it as tasks of its own);
    /// for an administrator every staff task. Nothing for anyone else.
    /// </summary>
    public static TaskScope InboxOf(Actor actor) => actor.Role switch
    {
        Roles.Administrator => new(StaffStages),
        Roles.Supervisor when actor.JurisdictionCode is { } code => new(StaffStages, code),
        Roles.Clerk or Roles.Reviewer => OfferedTo(actor),
        _ => Nothing,
    };

    /// <summary>True when <paramref name="task"/> is in this scope.</summary>
    public bool Includes(ReviewTask task) =>
        _stages.Contains(task.Stage)
        && (_jurisdictionCode is null || task.JurisdictionCode == _jurisdictionCode)
        && (!_byDepartment || task.Department == _department)
        && (_organisationId is null || task.OrganisationId == _organisationId);

    /// <summary>The same conditions as an EF expression on the tasks.</summary>
    public Expression<Func<ReviewTask, bool>> Predicate
    {
        get
        {
            var t = Expression.Parameter(typeof(ReviewTask), "t");
            Expression Column(string name) => Expression.Property(t, name);
            // Captured values (not constants) become query parameters, so one plan serves every caller.
            Expression Value<TValue>(TValue value) => Expression.Property(Expression.Constant(new Box<TValue>(value)), nameof(Box<TValue>.Value));
            var body = _stages.Select(s => (Expression)Expression.Equal(Column(nameof(ReviewTask.Stage)), Expression.Constant(s)))
                .DefaultIfEmpty(Expression.Constant(false)).Aggregate(Expression.OrElse);
            if (_jurisdictionCode is not null)
                body = Expression.AndAlso(body, Expression.Equal(Column(nameof(ReviewTask.JurisdictionCode)), Value(_jurisdictionCode)));
            if (_byDepartment)
                body = Expression.AndAlso(body, _department is null
                    ? Expression.Equal(Column(nameof(ReviewTask.Department)), Expression.Constant(null, typeof(Department?)))
                    : Expression.Equal(Column(nameof(ReviewTask.Department)), Value<Department?>(_department)));
            if (_organisationId is not null)
                body = Expression.AndAlso(body, Expression.Equal(Column(nameof(ReviewTask.OrganisationId)), Value(_organisationId)));
            return Expression.Lambda<Func<ReviewTask, bool>>(body, t);
        }
    }

    /// <summary>
    /// The same conditions in SQL on the task row <paramref name="alias"/>; <paramref name="parameter"/> adds a query
    /// parameter with the value given and returns its placeholder. Stages are written as literals: the inbox's
    /// index carries them, and a literal list keeps the planner's estimate exact.
    /// </summary>
    public string Sql(string alias, Func<object, string> parameter)
    {
        if (IsNothing) return "FALSE";
        var conditions = new List<string>();
        if (_jurisdictionCode is not null) conditions.Add($"{alias}.jurisdiction_code = {parameter(_jurisdictionCode)}");
        if (_byDepartment) conditions.Add(_department is { } d ? $"{alias}.department = {parameter(d.ToString())}" : $"{alias}.department IS NULL");
        if (_organisationId is { } organisation) conditions.Add($"{alias}.organisation_id = {parameter(organisation)}");
        conditions.Add(_stages.Length == 1 ? $"{alias}.stage = '{_stages[0]}'" : $"{alias}.stage IN ({string.Join(", ", _stages.Select(s => $"'{s}'"))})");
        return string.Join(" AND ", conditions);
    }

    /// <summary>
    /// The users <paramref name="task"/> is offered to (the same rule, from the task's side): whoever holds the stage's role
    /// at its jurisdiction and department, or, for a correction, belongs to the applicant's organisation.
    /// </summary>
    public static IQueryable<ApprovalsUser> CandidatesOf(ApprovalsDbContext db, ReviewTask task)
    {
        var offer = Offers.Single(o => o.Stages.Contains(task.Stage));
        var users = from u in db.Users
                    join ur in db.UserRoles on u.Id equals ur.UserId
                    join r in db.Roles on ur.RoleId equals r.Id
                    where r.Name == offer.Role
                    select u;
        users = offer.ToOrganisation
            ? users.Where(u => u.OrganisationId == task.OrganisationId)
            : users.Where(u => u.JurisdictionCode == task.JurisdictionCode);
        // A task of the window has no department; one with a department is never the window's.
        if (offer.OfDepartment) users = users.Where(u => u.Department == task.Department);
        else if (!offer.ToOrganisation && task.Department is not null) users = users.Where(_ => false);
        return users;
    }

    /// <param name="ToOrganisation">Offered to the applicant's organisation rather than to staff at the task's jurisdiction.</param>
    private sealed record Offer(string Role, TaskStage[] Stages, bool OfDepartment, bool ToOrganisation);

    private sealed record Box<TValue>(TValue Value);
}
