namespace Approvals.Web.Resources;

/// <summary>
/// Marker for the UI's string resources. Texts are written in Chinese (the default UI language) and
/// used as keys; SharedResource.en.resx gives their English wording.
/// </summary>
public sealed class SharedResource;
