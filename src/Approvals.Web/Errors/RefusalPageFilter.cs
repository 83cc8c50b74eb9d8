using Approvals.Application.Errors;
using Approvals.Web.Pages.Portal;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approvals.Web.Errors;

/// <summary>
/// A page with a form that, when its command is refused, shows the form again with the reasons beside the fields
/// (what was typed stays, since the page's bound properties keep it).
/// </summary>
public interface IFormPage
{
    FormErrors Errors { get; }

    /// <summary>
    /// Called before the page renders again with a refusal's messages: load what the page shows around the form
    /// (the draft, the lists) that the handler had not loaded yet when it was refused.
    /// </summary>
    Task ReloadAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// The pages' one answer to a refused command, so no page handler catches these itself: a thing that does not exist
/// (or may not be known to exist) is a 404 on every page; on a form page (<see cref="IFormPage"/>) invalid input,
/// a conflict with the current state and a refusal are messages on the form. Everything else goes on to
/// <see cref="ProblemExceptionHandler"/> as before.
/// </summary>
public sealed class RefusalPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is not { } refusal || executed.ExceptionHandled) return;
        if (refusal is NotFoundException)
        {
            executed.HttpContext.Items[ErrorPages.DetailKey] = refusal.Message;
            executed.Result = new NotFoundResult();
            executed.ExceptionHandled = true;
            return;
        }
        if (executed.HandlerInstance is not IFormPage page) return;
        switch (refusal)
        {
            case ValidationException invalid:
                page.Errors.Add(invalid);
                break;
            case ConflictException or ForbiddenException:
                // About the form as a whole: shown at its top.
                page.Errors.Add("", refusal.Message);
                break;
            default:
                return;
        }
        await page.ReloadAsync(executed.HttpContext.RequestAborted);
        executed.Result = new PageResult();
        executed.ExceptionHandled = true;
    }
}

public static class PageRoute
{
    /// <summary>The page's <c>{id:guid}</c> route value (for <see cref="IFormPage.ReloadAsync"/>, which gets no handler arguments).</summary>
    public static Guid RouteId(this PageModel page) => Guid.Parse(Convert.ToString(page.RouteData.Values["id"], System.Globalization.CultureInfo.InvariantCulture)!);
}
