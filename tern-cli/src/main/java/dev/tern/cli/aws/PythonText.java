package dev.tern.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;

/** Values as Python's {@code str()} writes them, which the AWS CLI's text and table output use. */
final class PythonText {
    private PythonText() {}

    static String str(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "None";
        } else if (v.isBoolean()) {
            return v.booleanValue() ? "True" : "False";
        } else if (v.isFloatingPointNumber()) {
            return floatRepr(v.doubleValue());
        } else if (v.isValueNode()) {
            return v.asText();
        }
        return JsonOutput.compact(v);
    }

    /** Python's shortest round-trip repr of a float: {@code 1.0}, {@code 1e-05}, {@code 1e+16}. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        String s = Double.toString(d);
        int e = s.indexOf('E');
        double abs = Math.abs(d);
        if (abs != 0 && (abs >= 1e16 || abs < 1e-4)) {
            String mantissa = e < 0 ? s : s.substring(0, e);
            int exp = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
            if (mantissa.endsWith(".0")) {
                mantissa = mantissa.substring(0, mantissa.length() - 2);
            }
            return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        if (e >= 0) {
            return new java.math.BigDecimal(s).toPlainString() + (s.contains(".") && !new java.math.BigDecimal(s)
                    .toPlainString().contains(".") ? ".0" : "");
        }
        return s;
    }
}
