package org.capsnet;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bad input about named settings of a configuration: what is wrong with a value, said by the library that checks
 * it, without knowing how the user spelled the setting. The message is a template in which each setting appears as
 * {@code {name}}, its name in the library (the builder method or record component, e.g. {@code {batchSize}});
 * {@link #getMessage()} writes the names as they are, and a caller that knows the user's spelling of them (the
 * command line: its flags) renders the template with {@link #describe}.
 */
public class InvalidSettingException extends InvalidInputException {
    private static final long serialVersionUID = 1L;
    private static final Pattern SETTING = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private final String template;

    /** {@code template}: the message with each setting written {@code {name}}, e.g. "{epochs} must be at least 1". */
    public InvalidSettingException(String template) {
        super(render(template, UnaryOperator.identity()));
        this.template = template;
    }

    /** The message with every setting's name replaced by {@code spelling.apply(name)}. */
    public String describe(UnaryOperator<String> spelling) {
        return render(template, spelling);
    }

    private static String render(String template, UnaryOperator<String> spelling) {
        Matcher m = SETTING.matcher(template);
        StringBuilder s = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(s, Matcher.quoteReplacement(spelling.apply(m.group(1))));
        }
        return m.appendTail(s).toString();
    }
}
