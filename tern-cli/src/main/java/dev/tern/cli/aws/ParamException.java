package dev.tern.cli.aws;

/** A parameter the model cannot take: the AWS CLI reports these before sending anything (exit status 252). */
class ParamException extends RuntimeException {
    ParamException(String message) {
        super(message);
    }
}
