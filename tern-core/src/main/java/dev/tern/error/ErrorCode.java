package dev.tern.error;

/**
 * The single table of every error Tern can return: wire code, HTTP status and default message.
 * Each wire protocol renders these (docs/architecture.md, "One error table"); services only ever throw
 * {@link TernException} with one of them. The codes and messages each API answers are in docs/copying.md,
 * docs/ebs-direct.md, docs/iam.md and docs/security.md.
 */
public enum ErrorCode {
    // --- EC2 Query: protocol, authentication and common client errors
    InvalidAction(400, "The action %s is not valid for this web service."),
    MissingAction(400, "The request must contain the parameter Action."),
    UnknownParameter(400, "The parameter %s is not recognized."),
    MissingParameter(400, "The request must contain the parameter %s."),
    InvalidParameterValue(400, "Invalid value for a parameter."),
    InvalidParameter(400, "A parameter specified in the request is not valid."),
    InvalidParameterCombination(400, "Indicates an incorrect combination of parameters."),
    InvalidParameterDependency(400, "A parameter requires another parameter to be set."),
    MalformedQueryString(400, "The query string is malformed."),
    NoSuchVersion(400, "The requested version (%s) is not supported."),
    InvalidRequest(400, "The request received was invalid."),
    AuthFailure(401, "AWS was not able to validate the provided access credentials"),
    SignatureDoesNotMatch(403, "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."),
    IncompleteSignature(400, "The request signature does not conform to AWS standards."),
    RequestExpired(400, "Request has expired."),
    UnauthorizedOperation(403, "You are not authorized to perform this operation."),
    DryRunOperation(412, "Request would have succeeded, but DryRun flag is set."),
    IdempotentParameterMismatch(400, "The request uses the same client token as a previous, but non-identical request."),
    ResourceLimitExceeded(400, "You have exceeded an Amazon EC2 resource limit."),
    InvalidRegion(400, "The specified Region is not valid."),
    InvalidID(400, "The ID '%s' is not valid"),
    IncorrectState(400, "The resource is in an incorrect state for the request."),
    InternalError(500, "An internal error has occurred."),

    // --- EC2 resources
    InvalidAMIID_Malformed("InvalidAMIID.Malformed", 400, "Invalid id: \"%s\" (expecting \"ami-...\")"),
    InvalidAMIID_NotFound("InvalidAMIID.NotFound", 400, "The image id '[%s]' does not exist"),
    InvalidAMIID_Unavailable("InvalidAMIID.Unavailable", 400, "The image %s is not available."),
    InvalidAMIName_Malformed("InvalidAMIName.Malformed", 400, "AMI names must be between 3 and 128 characters long, and may "
            + "contain letters, numbers, spaces and the characters ( ) [ ] . / - ' @ _"),
    InvalidAMIName_Duplicate("InvalidAMIName.Duplicate", 400, "AMI name %s is already in use by AMI %s"),
    InvalidAMIAttributeItemValue(400, "Invalid attribute item value."),
    InvalidBlockDeviceMapping(400, "The block device mapping is not valid."),
    InvalidSnapshot_Malformed("InvalidSnapshot.Malformed", 400, "Invalid id: \"%s\" (expecting \"snap-...\")"),
    InvalidSnapshot_NotFound("InvalidSnapshot.NotFound", 400, "The snapshot '%s' does not exist."),
    InvalidSnapshot_InUse("InvalidSnapshot.InUse", 400, "The snapshot %s is currently in use by %s"),
    InvalidTagKey_Malformed("InvalidTagKey.Malformed", 400, "Tag keys cannot be empty or null, and cannot start with aws:"),
    TagLimitExceeded(400, "The maximum number of Tags for a resource has been reached."),
    InvalidFilter(400, "The filter '%s' is invalid"),
    InvalidNextToken(400, "The specified NextToken is not valid."),
    InvalidUserID_Malformed("InvalidUserID.Malformed", 400, "Invalid user id: '%s'"),
    OperationNotPermitted(400, "The operation is not permitted."),

    // --- REST-JSON services (Outposts, EBS direct) and JSON 1.1 (KMS)
    NotFoundException(404, "The specified resource was not found."),
    ValidationException(400, "The input fails to satisfy the constraints specified by the service."),
    AccessDeniedException(403, "You do not have sufficient access to perform this action."),
    UnknownOperationException(400, "The operation is not supported by this service."),
    MissingAuthenticationTokenException(403, "Missing Authentication Token"),
    UnrecognizedClientException(403, "The security token included in the request is invalid."),
    InvalidSignatureException(403, "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."),
    InternalServerException(500, "An internal error has occurred."),

    // --- KMS (JSON 1.1): KMS answers its client errors with 400, AccessDenied and NotFound too
    KmsNotFoundException("NotFoundException", 400, "The request was rejected because the specified entity or resource could not be found."),
    KmsAccessDeniedException("AccessDeniedException", 400, "You do not have sufficient access to perform this action."),
    DisabledException(400, "The request was rejected because the specified KMS key is not enabled."),
    KMSInvalidStateException(400, "The request was rejected because the state of the specified resource is not valid for this request."),
    InvalidCiphertextException(400, "The request was rejected because the specified ciphertext, or additional authenticated "
            + "data incorporated into the ciphertext, such as the encryption context, is corrupted, missing, or otherwise invalid."),
    IncorrectKeyException(400, "The request was rejected because the specified KMS key cannot decrypt the data."),
    InvalidKeyUsageException(400, "The request was rejected because the specified KeySpec or KeyUsage value is not valid."),
    AlreadyExistsException(400, "The request was rejected because it attempted to create a resource that already exists."),
    InvalidAliasNameException(400, "The request was rejected because the specified alias name is not valid."),
    InvalidArnException(400, "The request was rejected because a specified ARN, or an ARN in a key policy, is not valid."),
    InvalidGrantTokenException(400, "The request was rejected because the specified grant token is not valid."),
    InvalidGrantIdException(400, "The request was rejected because the specified GrantId is not valid for this KMS key."),
    InvalidMarkerException(400, "The request was rejected because the marker that specifies where pagination should next begin is not valid."),
    LimitExceededException(400, "The request was rejected because a length constraint or quota was exceeded."),
    MalformedPolicyDocumentException(400, "The request was rejected because the specified policy is not syntactically or semantically correct."),
    TagException(400, "The request was rejected because one or more tags are not valid."),
    KmsUnsupportedOperationException("UnsupportedOperationException", 400, "The request was rejected because a specified parameter is not supported or a specified resource is not valid for this operation."),
    DryRunOperationException(412, "The request was rejected because the DryRun parameter was specified."),
    SerializationException(400, "The request body could not be read as JSON."),
    KMSInternalException(500, "The request was rejected because an internal exception occurred."),

    // --- IAM and STS (Query protocol, XML errors): docs/iam.md. IAM's messages name the entity, so most are formatted.
    NoSuchEntity(404, "The request was rejected because it referenced a resource entity that does not exist."),
    EntityAlreadyExists(409, "The request was rejected because it attempted to create a resource that already exists."),
    MalformedPolicyDocument(400, "Syntax errors in policy."),
    LimitExceeded(409, "The request was rejected because it attempted to create resources beyond the current AWS account limits."),
    DeleteConflict(409, "The request was rejected because it attempted to delete a resource that has attached subordinate entities."),
    ValidationError(400, "The input fails to satisfy the constraints specified by an AWS service."),
    InvalidInput(400, "The request was rejected because an invalid or out-of-range value was supplied for an input parameter."),
    /** IAM and STS's answer to an unknown or inactive access key (EC2 says AuthFailure, KMS UnrecognizedClientException). */
    IamAccessDenied("AccessDenied", 403, "User is not authorized to perform this action."),
    InvalidClientTokenId(403, "The security token included in the request is invalid."),
    InvalidAuthorizationMessageException(400, "The error returned if the message passed to DecodeAuthorizationMessage was "
            + "invalid. This can happen if the token contains invalid characters, such as line breaks, or if the "
            + "message has expired."),

    // --- EBS direct APIs (docs/ebs-direct.md); their JSON errors also carry a Reason, see withReason
    ResourceNotFoundException(404, "The specified resource does not exist."),
    ConflictException(409, "The request uses the same client token as a previous, but non-identical request."),
    RequestThrottledException(400, "The number of API requests has exceeded the maximum allowed API request throttling limit."),
    ServiceQuotaExceededException(402, "Your current service quotas do not allow you to perform this action."),
    ConcurrentLimitExceededException(400, "You have reached the limit for concurrent API requests.");

    private final String code;
    private final int httpStatus;
    private final String defaultMessage;

    ErrorCode(int httpStatus, String defaultMessage) {
        this(null, httpStatus, defaultMessage);
    }

    ErrorCode(String code, int httpStatus, String defaultMessage) {
        this.code = code == null ? name() : code;
        this.httpStatus = httpStatus;
        this.defaultMessage = defaultMessage;
    }

    /** The code as it appears on the wire, e.g. {@code InvalidAMIID.NotFound}. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    /** A client error (4xx) as opposed to a fault on Tern's side. */
    public boolean isClientError() {
        return httpStatus < 500;
    }

    public TernException exception() {
        return new TernException(this, defaultMessage);
    }

    /** An exception whose message is the default message with {@code args} substituted. */
    public TernException format(Object... args) {
        return new TernException(this, String.format(defaultMessage, args));
    }

    public TernException withMessage(String message) {
        return new TernException(this, message);
    }

    /**
     * An exception that also names a reason from the service's own list for this error, such as
     * {@code INVALID_BLOCK_TOKEN} for an EBS {@code ValidationException}; protocols that have no such field ignore it.
     */
    public TernException withReason(String reason, String message) {
        return new TernException(this, message, reason);
    }
}
