package dev.purser.audit;

import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Reads the options of a command-line tool ({@code verify}, {@code check-invariants}) with picocli,
 * into an object whose fields carry picocli's {@code @Option} annotations. Prints the help on
 * {@code --help}; refuses an unknown option or a missing value, naming it, then prints the help.
 */
public final class ToolArguments {
    /** Exit code of a refused command line. */
    public static final int USAGE = 2;

    private ToolArguments() {
    }

    /**
     * Fills {@code options} from {@code args}; returns -1 when the tool should run, else the exit code
     * (0 after printing the help, {@link #USAGE} after refusing the arguments).
     */
    public static int read(Object options, String[] args, PrintStream out, PrintStream err) {
        CommandLine parser = new CommandLine(options);
        parser.setExpandAtFiles(false);
        parser.setOverwrittenOptionsAllowed(true);
        try {
            parser.parseArgs(args);
            if (parser.isUsageHelpRequested()) {
                parser.usage(out);
                return 0;
            }
            if (options instanceof Checked checked) {
                checked.check();
            }
            return -1;
        } catch (ParameterException e) {
            err.println(parser.getCommandName() + ": " + e.getMessage());
            parser.usage(err);
            return USAGE;
        }
    }

    /** Options that depend on each other, checked after parsing. */
    public interface Checked {
        /** Throws a {@link ParameterException} when the options do not go together. */
        void check();
    }
}
