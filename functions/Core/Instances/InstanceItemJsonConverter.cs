using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Messaging;

namespace BatchRuntimeMonitor.Core.Instances;

/// <summary>
/// Reads an instances-table item in DynamoDB attribute-value JSON ({"InstanceType":{"S":"m5.large"},...}) straight
/// from the reader into an <see cref="InstanceRecord"/>: the join item rides in every job and task record, and a
/// JsonElement or a dictionary of attribute values would copy it first. This is the one reading of the item;
/// <see cref="InstanceItemMapping"/> writes it. Attributes that are missing or of another type read as unknown, and
/// an item without its key (or not an object at all) reads as no instance.
/// </summary>
public sealed class InstanceItemJsonConverter : JsonConverter<InstanceRecord>
{
    public override InstanceRecord? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadItem(ref reader);

    public override void Write(Utf8JsonWriter writer, InstanceRecord value, JsonSerializerOptions options) =>
        InstanceItemMapping.ToItem(value).WriteTo(writer, options);

    /// <param name="reader">Positioned on the item's first token; left on its last.</param>
    /// <param name="bookkeeping">
    /// Whether to read what only the registration function's own writes use: the sets counted in
    /// (<see cref="InstanceRecord.CountedSets"/>) and the waiting list (<see cref="InstanceRecord.AwaitingJobs"/>,
    /// <see cref="InstanceRecord.AwaitingOverflow"/>). A state machine's join, which the job and task functions read
    /// for the instance's type, zone and architecture, leaves them out: they were a set and its nodes per event.
    /// </param>
    public static InstanceRecord? ReadItem(ref Utf8JsonReader reader, bool bookkeeping = true)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        var fields = new Fields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            ReadAttribute(ref name, ref reader, ref fields, bookkeeping);
        }

        if (fields.Arn is null)
        {
            return null;
        }

        var record = new InstanceRecord
        {
            ContainerInstanceArn = fields.Arn,
            Ec2InstanceId = fields.Ec2InstanceId,
            InstanceType = fields.InstanceType,
            AvailabilityZone = fields.AvailabilityZone,
            Architecture = fields.Architecture,
            AmiId = fields.AmiId,
            ClusterName = fields.ClusterName,
            ComputeEnvironment = fields.ComputeEnvironment,
            RegisteredVcpus = fields.RegisteredVcpus,
            RegisteredMemoryMiB = fields.RegisteredMemoryMiB,
            RegisteredAt = fields.RegisteredAt,
            DeregisteredAt = fields.DeregisteredAt,
            ExpiresAt = fields.ExpiresAt,
            RegistrationCounted = fields.RegistrationCounted,
            DeregistrationCounted = fields.DeregistrationCounted,
            AwaitingJobs = fields.AwaitingJobs,
            AwaitingOverflow = fields.AwaitingOverflow,
        };
        if (fields.CountedSets is { } counted)
        {
            record.CountedSets = counted;
        }

        return record;
    }

    /// <param name="name">A copy of the reader on the attribute's name.</param>
    /// <param name="reader">On the attribute value's opening brace; left on its closing brace.</param>
    private static void ReadAttribute(ref Utf8JsonReader name, ref Utf8JsonReader reader, ref Fields fields, bool bookkeeping)
    {
        // The name is compared once, with UTF-8 literals; a join item rides in every job and task record.
        var attribute = AttributeOf(ref name);
        if (!bookkeeping && attribute is Attribute.CountedSets or Attribute.AwaitingJobs or Attribute.AwaitingOverflow)
        {
            attribute = Attribute.Other;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("S"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    SetString(attribute, ref reader, ref fields);
                }
            }
            else if (reader.ValueTextEquals("N"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    SetNumber(attribute, reader.ValueSpan, ref fields);
                }
            }
            else if (reader.ValueTextEquals("BOOL"u8))
            {
                reader.Read();
                var value = reader.TokenType == JsonTokenType.True;
                if (attribute == Attribute.RegistrationCounted)
                {
                    fields.RegistrationCounted = value;
                }
                else if (attribute == Attribute.DeregistrationCounted)
                {
                    fields.DeregistrationCounted = value;
                }
            }
            else if (reader.ValueTextEquals("SS"u8) && attribute == Attribute.CountedSets)
            {
                reader.Read();
                fields.CountedSets = ReadStringSet(ref reader);
            }
            else if (reader.ValueTextEquals("SS"u8) && attribute == Attribute.AwaitingJobs)
            {
                reader.Read();
                fields.AwaitingJobs = ReadStringSet(ref reader) is { Count: > 0 } awaiting ? awaiting : null;
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }
    }

    /// <summary>The attribute <see cref="InstanceItemMapping.ToItem"/> writes under this name (the record's property names).</summary>
    private static Attribute AttributeOf(ref Utf8JsonReader reader)
    {
        Span<byte> scratch = stackalloc byte[EventRecordReading.MemberNameScratch];
        var name = EventRecordReading.MemberName(in reader, scratch);
        return name.Length switch
        {
            20 when name.SequenceEqual("ContainerInstanceArn"u8) => Attribute.ContainerInstanceArn,
            13 when name.SequenceEqual("Ec2InstanceId"u8) => Attribute.Ec2InstanceId,
            12 when name.SequenceEqual("InstanceType"u8) => Attribute.InstanceType,
            16 when name.SequenceEqual("AvailabilityZone"u8) => Attribute.AvailabilityZone,
            12 when name.SequenceEqual("Architecture"u8) => Attribute.Architecture,
            5 when name.SequenceEqual("AmiId"u8) => Attribute.AmiId,
            11 when name.SequenceEqual("ClusterName"u8) => Attribute.ClusterName,
            18 when name.SequenceEqual("ComputeEnvironment"u8) => Attribute.ComputeEnvironment,
            15 when name.SequenceEqual("RegisteredVcpus"u8) => Attribute.RegisteredVcpus,
            19 when name.SequenceEqual("RegisteredMemoryMiB"u8) => Attribute.RegisteredMemoryMiB,
            12 when name.SequenceEqual("RegisteredAt"u8) => Attribute.RegisteredAt,
            14 when name.SequenceEqual("DeregisteredAt"u8) => Attribute.DeregisteredAt,
            9 when name.SequenceEqual("ExpiresAt"u8) => Attribute.ExpiresAt,
            16 when name.SequenceEqual("AwaitingOverflow"u8) => Attribute.AwaitingOverflow,
            19 when name.SequenceEqual("RegistrationCounted"u8) => Attribute.RegistrationCounted,
            21 when name.SequenceEqual("DeregistrationCounted"u8) => Attribute.DeregistrationCounted,
            11 when name.SequenceEqual("CountedSets"u8) => Attribute.CountedSets,
            12 when name.SequenceEqual("AwaitingJobs"u8) => Attribute.AwaitingJobs,
            _ => Attribute.Other,
        };
    }

    private static void SetString(Attribute attribute, ref Utf8JsonReader reader, ref Fields fields)
    {
        switch (attribute)
        {
            case Attribute.ContainerInstanceArn: fields.Arn = RepeatedStringConverter.ReadString(ref reader); break;
            case Attribute.Ec2InstanceId: fields.Ec2InstanceId = RepeatedStringConverter.ReadString(ref reader); break;
            case Attribute.InstanceType: fields.InstanceType = RepeatedStringConverter.ReadString(ref reader); break;
            case Attribute.AvailabilityZone: fields.AvailabilityZone = RepeatedStringConverter.ReadString(ref reader); break;
            case Attribute.Architecture: fields.Architecture = RepeatedStringConverter.ReadString(ref reader); break;
            case Attribute.AmiId: fields.AmiId = RepeatedStringConverter.ReadString(ref reader); break;
            case Attribute.ClusterName: fields.ClusterName = RepeatedStringConverter.ReadString(ref reader); break;
            case Attribute.ComputeEnvironment: fields.ComputeEnvironment = RepeatedStringConverter.ReadString(ref reader); break;
        }
    }

    private static void SetNumber(Attribute attribute, ReadOnlySpan<byte> text, ref Fields fields)
    {
        // DynamoDB numbers travel as strings; they hold digits only, so the raw bytes parse without unescaping.
        switch (attribute)
        {
            case Attribute.RegisteredVcpus: fields.RegisteredVcpus = Utf8Parser.TryParse(text, out double vcpus, out var used) && used == text.Length ? vcpus : null; break;
            case Attribute.RegisteredMemoryMiB: fields.RegisteredMemoryMiB = Long(text); break;
            case Attribute.RegisteredAt: fields.RegisteredAt = Long(text); break;
            case Attribute.DeregisteredAt: fields.DeregisteredAt = Long(text); break;
            case Attribute.ExpiresAt: fields.ExpiresAt = Long(text); break;
            case Attribute.AwaitingOverflow: fields.AwaitingOverflow = Long(text); break;
        }
    }

    private static long? Long(ReadOnlySpan<byte> text) => Utf8Parser.TryParse(text, out long value, out var used) && used == text.Length ? value : null;

    private static SortedSet<string>? ReadStringSet(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var set = new SortedSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                set.Add(RepeatedStringConverter.ReadString(ref reader));
            }
            else
            {
                reader.Skip();
            }
        }

        return set;
    }

    private enum Attribute
    {
        Other,
        ContainerInstanceArn,
        Ec2InstanceId,
        InstanceType,
        AvailabilityZone,
        Architecture,
        AmiId,
        ClusterName,
        ComputeEnvironment,
        RegisteredVcpus,
        RegisteredMemoryMiB,
        RegisteredAt,
        DeregisteredAt,
        ExpiresAt,
        AwaitingOverflow,
        RegistrationCounted,
        DeregistrationCounted,
        CountedSets,
        AwaitingJobs,
    }

    /// <summary>What the item said so far; the record is built once the key is known to be there.</summary>
    private struct Fields
    {
        public string? Arn;
        public string? Ec2InstanceId;
        public string? InstanceType;
        public string? AvailabilityZone;
        public string? Architecture;
        public string? AmiId;
        public string? ClusterName;
        public string? ComputeEnvironment;
        public double? RegisteredVcpus;
        public long? RegisteredMemoryMiB;
        public long? RegisteredAt;
        public long? DeregisteredAt;
        public long? ExpiresAt;
        public bool RegistrationCounted;
        public bool DeregistrationCounted;
        public SortedSet<string>? CountedSets;
        public SortedSet<string>? AwaitingJobs;
        public long? AwaitingOverflow;
    }
}
