namespace XRay.Data;

/// <summary>The kinds of recorded values the X-Ray API or the CloudWatch agent would refuse; each is logged once.</summary>
internal enum RefusedInput
{
    Namespace,
    AwsMember,
    AnnotationKey,
    AnnotationValue,
    MetadataNamespace,
    MetadataValue,
    SqlUrl,
}
