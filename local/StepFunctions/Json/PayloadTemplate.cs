using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// A compiled Parameters / ResultSelector / ItemSelector template. Keys ending in ".$" take their value from a
/// path, a "$$" context path or an intrinsic function; everything else is copied literally.
/// </summary>
/// <remarks>
/// A template is evaluated into a new JSON tree, which copies everything its paths select (a node has one parent).
/// A field that a task resource only turns into text (an SQS MessageBody) can instead be written as that text
/// straight from the template (<see cref="EvaluateWithTextField"/>): no copy of, say, the whole execution input
/// just to serialise it at once.
/// </remarks>
internal abstract class PayloadTemplate
{
    // How long this template's bodies are, when it is written to a message body (WrittenUtf8Text).
    private readonly BodySizeForecast _bodySize = new();

    /// <param name="field">The state field being evaluated (e.g. "Parameters"), for error messages.</param>
    public static PayloadTemplate Compile(JsonNode? template, string stateName, string field)
    {
        switch (template)
        {
            case JsonObject obj:
                var entries = new List<(string Key, PayloadTemplate Value)>(obj.Count);
                var names = new HashSet<string>(StringComparer.Ordinal);
                var allStatic = true;
                foreach (var (key, value) in obj)
                {
                    PayloadTemplate compiled;
                    if (key.EndsWith(".$", StringComparison.Ordinal))
                    {
                        compiled = CompileDynamic(key, value, stateName, field);
                    }
                    else
                    {
                        compiled = Compile(value, stateName, field);
                    }

                    allStatic &= compiled is StaticTemplate;
                    entries.Add((key, compiled));
                    names.Add(compiled is DynamicTemplate dynamic ? dynamic.TargetKey : key);
                }

                return allStatic ? new StaticTemplate(obj) : new ObjectTemplate(entries, names.Count < entries.Count);
            case JsonArray array:
                var items = array.Select(item => Compile(item, stateName, field)).ToList();
                return items.TrueForAll(item => item is StaticTemplate) ? new StaticTemplate(array) : new ArrayTemplate(items);
            default:
                return new StaticTemplate(JsonValues.Literal(template));
        }
    }

    public abstract JsonNode? Evaluate(EvaluationScope scope);

    /// <summary>
    /// As <see cref="Evaluate(EvaluationScope)"/>, except that the top-level field <paramref name="textField"/>
    /// (named without ".$") holds its value as text: a string as is, any other JSON as compact JSON text, exactly what
    /// <see cref="JsonValues.ToCompactJson"/> of the evaluated value gives. The text is a <see cref="MessageText"/>,
    /// a JSON string value that keeps the UTF-8 bytes it was written to.
    /// </summary>
    public virtual JsonNode? EvaluateWithTextField(EvaluationScope scope, string textField) => Evaluate(scope);

    /// <summary>
    /// The top-level fields <see cref="EvaluateWithTextField"/> would put in its object, evaluated in the same order
    /// (so failing the same way) and handed over without the object; false for a template that is not an object of
    /// distinct names, which must be evaluated as a whole.
    /// </summary>
    public virtual bool TryEvaluateFields(EvaluationScope scope, string? textField, out TaskRequest request)
    {
        request = default;
        return false;
    }

    /// <summary>Writes what <see cref="Evaluate(EvaluationScope)"/> would return, without building it.</summary>
    public virtual void WriteTo(Utf8JsonWriter writer, EvaluationScope scope) => WriteNode(writer, Evaluate(scope));

    /// <summary>The value as text: a JSON string as is, any other value as compact JSON.</summary>
    public virtual string EvaluateText(EvaluationScope scope) => Text(Evaluate(scope));

    /// <summary><see cref="EvaluateText"/> as UTF-8; objects and arrays are written straight to the bytes.</summary>
    public virtual ReadOnlyMemory<byte> EvaluateUtf8Text(EvaluationScope scope) => Encoding.UTF8.GetBytes(EvaluateText(scope));

    /// <summary>An object or array written straight to its compact text by <see cref="WriteTo"/>: never a JSON string.</summary>
    protected string WrittenText(EvaluationScope scope) =>
        CompactJsonText.Write((Template: this, Scope: scope), static (writer, state) => state.Template.WriteTo(writer, state.Scope));

    /// <summary><see cref="WrittenText"/> as the UTF-8 bytes it was written to, in an array sized by this template's last body.</summary>
    protected ReadOnlyMemory<byte> WrittenUtf8Text(EvaluationScope scope)
    {
        var inputTextLength = scope.Context.ExecutionInputTextLength;
        var text = CompactJsonText.WriteUtf8(
            (Template: this, Scope: scope),
            static (writer, state) => state.Template.WriteTo(writer, state.Scope),
            _bodySize.Expect(inputTextLength));
        _bodySize.Learn(text.Length, inputTextLength);
        return text;
    }

    private static string Text(JsonNode? value) => JsonValues.TryGetString(value, out var text) ? text : JsonValues.ToCompactJson(value);

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer, JsonValues.Compact);
        }
    }

    private static PayloadTemplate CompileDynamic(string key, JsonNode? value, string stateName, string field)
    {
        var targetKey = key[..^2];
        if (!JsonValues.TryGetString(value, out var expression))
        {
            throw new DefinitionException($"State '{stateName}': {field} field '{key}' must be a string holding a path or an intrinsic function");
        }

        try
        {
            if (IntrinsicCall.IsIntrinsicSyntax(expression))
            {
                return new IntrinsicTemplate(targetKey, IntrinsicCall.Parse(expression));
            }

            if (JsonPath.IsPathSyntax(expression))
            {
                return new PathTemplate(key, JsonPath.Parse(expression));
            }
        }
        catch (FormatException ex)
        {
            throw new DefinitionException($"State '{stateName}': {field} field '{key}': {ex.Message}");
        }

        throw new DefinitionException($"State '{stateName}': {field} field '{key}' value '{expression}' is neither a path nor an intrinsic function");
    }

    /// <summary>Literal JSON; cloned on every use so no execution can change the definition.</summary>
    private sealed class StaticTemplate(JsonNode? value) : PayloadTemplate
    {
        private string? _text;
        private byte[]? _utf8Text;

        public override JsonNode? Evaluate(EvaluationScope scope) => JsonValues.Clone(value);

        public override void WriteTo(Utf8JsonWriter writer, EvaluationScope scope) => WriteNode(writer, value);

        public override string EvaluateText(EvaluationScope scope) => _text ??= Text(value);

        // Shared by every message made from it: MessageText bytes are never changed.
        public override ReadOnlyMemory<byte> EvaluateUtf8Text(EvaluationScope scope) => _utf8Text ??= Encoding.UTF8.GetBytes(EvaluateText(scope));
    }

    /// <param name="hasDuplicateNames">Two keys give the same name ("a" and "a.$"): the later value replaces the
    /// earlier one in its place, which only building the object does.</param>
    private sealed class ObjectTemplate(List<(string Key, PayloadTemplate Value)> entries, bool hasDuplicateNames) : PayloadTemplate
    {
        // The names as the compact writer escapes them, encoded once: writing a name from its string transcodes and
        // checks it for escaping on every message. Null for a name the encoder refuses (invalid UTF-16), which is
        // written from its string so that it fails as it did.
        private readonly JsonEncodedText?[] _encodedNames = entries.Select(entry => Encoded(NameOf(entry.Key, entry.Value))).ToArray();

        // The names the object would have, shared by every request made from this template (never changed).
        private readonly string[] _names = entries.Select(entry => NameOf(entry.Key, entry.Value)).ToArray();

        public override JsonNode? Evaluate(EvaluationScope scope) => Build(scope, textField: null);

        public override JsonNode? EvaluateWithTextField(EvaluationScope scope, string textField) => Build(scope, textField);

        public override bool TryEvaluateFields(EvaluationScope scope, string? textField, out TaskRequest request)
        {
            if (hasDuplicateNames)
            {
                request = default;
                return false;
            }

            var values = new JsonNode?[entries.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = FieldValue(entries[i].Value, _names[i], scope, textField);
            }

            request = TaskRequest.OfFields(_names, values);
            return true;
        }

        public override void WriteTo(Utf8JsonWriter writer, EvaluationScope scope)
        {
            if (hasDuplicateNames)
            {
                base.WriteTo(writer, scope);
                return;
            }

            writer.WriteStartObject();
            for (var i = 0; i < entries.Count; i++)
            {
                if (_encodedNames[i] is { } encoded)
                {
                    writer.WritePropertyName(encoded);
                }
                else
                {
                    writer.WritePropertyName(_names[i]);
                }

                entries[i].Value.WriteTo(writer, scope);
            }

            writer.WriteEndObject();
        }

        public override string EvaluateText(EvaluationScope scope) => WrittenText(scope);

        public override ReadOnlyMemory<byte> EvaluateUtf8Text(EvaluationScope scope) => WrittenUtf8Text(scope);

        private static string NameOf(string key, PayloadTemplate value) => value is DynamicTemplate dynamic ? dynamic.TargetKey : key;

        private static JsonEncodedText? Encoded(string name)
        {
            try
            {
                return JsonEncodedText.Encode(name, JsonValues.Compact.Encoder);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        private JsonObject Build(EvaluationScope scope, string? textField)
        {
            var result = new JsonObject();
            for (var i = 0; i < entries.Count; i++)
            {
                result[_names[i]] = FieldValue(entries[i].Value, _names[i], scope, textField);
            }

            return result;
        }

        private static JsonNode? FieldValue(PayloadTemplate value, string name, EvaluationScope scope, string? textField) =>
            name == textField ? new MessageText(value.EvaluateUtf8Text(scope)).ToNode() : value.Evaluate(scope);
    }

    private sealed class ArrayTemplate(List<PayloadTemplate> items) : PayloadTemplate
    {
        public override JsonNode? Evaluate(EvaluationScope scope)
        {
            var result = new JsonArray();
            foreach (var item in items)
            {
                result.Add(item.Evaluate(scope));
            }

            return result;
        }

        public override void WriteTo(Utf8JsonWriter writer, EvaluationScope scope)
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                item.WriteTo(writer, scope);
            }

            writer.WriteEndArray();
        }

        public override string EvaluateText(EvaluationScope scope) => WrittenText(scope);

        public override ReadOnlyMemory<byte> EvaluateUtf8Text(EvaluationScope scope) => WrittenUtf8Text(scope);
    }

    private abstract class DynamicTemplate(string targetKey) : PayloadTemplate
    {
        public string TargetKey { get; } = targetKey;
    }

    private sealed class PathTemplate(string key, JsonPath path) : DynamicTemplate(key[..^2])
    {
        public override JsonNode? Evaluate(EvaluationScope scope)
        {
            var value = Select(scope);

            // A definite path yields a node of someone else's tree (maybe the caller's input root, which has no
            // parent yet must never be adopted), so it is copied; an indefinite path already yields a fresh array.
            return path.IsDefinite ? JsonValues.Clone(value) : value;
        }

        // Writing or printing a selected node only reads it: no copy.
        public override void WriteTo(Utf8JsonWriter writer, EvaluationScope scope)
        {
            // JSON text that is exactly what writing the value would give is copied instead (WriterFormJson), when it
            // nests no deeper than the writer allows below this point (else writing fails as it would have): the whole
            // input when the caller gave its text, or an object or array still over its parsed element (a GetItem's item).
            var maxDepth = writer.Options.MaxDepth - writer.CurrentDepth;
            if (path.IsExecutionInput && scope.Context.TryGetExecutionInputText(maxDepth, out var text))
            {
                writer.WriteRawValue(text.Span, skipInputValidation: true);
                return;
            }

            var value = Select(scope);
            if (JsonBackingElement.TryGet(value, out var element)
                && WriterFormJson.DepthBound(element, out var raw) is >= 0 and var depth && depth <= maxDepth)
            {
                writer.WriteRawValue(raw, skipInputValidation: true);
                return;
            }

            WriteNode(writer, value);
        }

        public override string EvaluateText(EvaluationScope scope) => Text(Select(scope));

        private JsonNode? Select(EvaluationScope scope)
        {
            if (!scope.TrySelect(path, out var value))
            {
                var source = path.IsContextPath ? scope.Context.Build() : scope.Input;
                throw new StatesErrorException(
                    StatesErrors.Runtime,
                    $"An error occurred while executing the state '{scope.StateName}'. The JSONPath '{path.Text}' specified for the field '{key}' could not be found in the input '{JsonValues.ToCompactJson(source)}'");
            }

            return value;
        }
    }

    private sealed class IntrinsicTemplate(string targetKey, IntrinsicCall call) : DynamicTemplate(targetKey)
    {
        // A constant call's value, kept after its first successful evaluation (one object, so that another
        // thread sees it whole). Handed out as copies or only read, never attached anywhere.
        private Constant? _constant;

        public override JsonNode? Evaluate(EvaluationScope scope) =>
            call.IsConstant ? JsonValues.Clone(ConstantValue(scope)) : JsonValues.Detach(call.Evaluate(scope));

        public override void WriteTo(Utf8JsonWriter writer, EvaluationScope scope) =>
            WriteNode(writer, call.IsConstant ? ConstantValue(scope) : call.Evaluate(scope));

        public override string EvaluateText(EvaluationScope scope) => Text(call.IsConstant ? ConstantValue(scope) : call.Evaluate(scope));

        private JsonNode? ConstantValue(EvaluationScope scope)
        {
            if (_constant is not { } known)
            {
                known = new Constant(JsonValues.Detach(call.Evaluate(scope)));
                _constant = known;
            }

            return known.Value;
        }

        private sealed record Constant(JsonNode? Value);
    }
}
